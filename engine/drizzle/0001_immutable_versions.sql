-- Published policy versions are an audit record: decisions point at them by
-- (policy_id, version, content_hash), so no path, the ORM or raw SQL, may change them.
CREATE FUNCTION "policy_versions_immutable"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published policy versions are immutable'
    USING ERRCODE = 'P0001',
          HINT = 'Publish a new version instead.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "policy_versions_no_update_delete"
  BEFORE UPDATE OR DELETE ON "policy_versions"
  FOR EACH ROW EXECUTE FUNCTION "policy_versions_immutable"();
--> statement-breakpoint
CREATE TRIGGER "policy_versions_no_truncate"
  BEFORE TRUNCATE ON "policy_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "policy_versions_immutable"();
