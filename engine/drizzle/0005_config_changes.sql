-- What decisions read on every call (settings, policies' active versions) is cached in each engine
-- process; any change to these tables, by any process or by hand, tells every process to forget it.
CREATE OR REPLACE FUNCTION dunwell_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dunwell_config', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION dunwell_config_changed();
--> statement-breakpoint
CREATE TRIGGER policies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policies
  FOR EACH STATEMENT EXECUTE FUNCTION dunwell_config_changed();
