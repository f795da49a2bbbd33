CREATE TABLE "activations" (
	"policy_id" text NOT NULL,
	"version" integer NOT NULL,
	"activated_by" text NOT NULL,
	"activated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"secret_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"status" integer NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "draft_edited_by" text;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD COLUMN "author" text;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD COLUMN "publisher" text;--> statement-breakpoint
CREATE INDEX "activations_policy_id_idx" ON "activations" USING btree ("policy_id","activated_at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log" USING btree ("actor","at");--> statement-breakpoint
-- Keys are checked on every request from a cache in each process: a new or revoked key tells every
-- process to forget it, as settings and policies do (0005).
CREATE TRIGGER api_keys_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION dunwell_config_changed();
--> statement-breakpoint
-- The audit log and the activation history are records: appended to, never changed.
CREATE FUNCTION "append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "append_only"();
--> statement-breakpoint
CREATE TRIGGER "activations_append_only" BEFORE UPDATE OR DELETE ON "activations"
  FOR EACH ROW EXECUTE FUNCTION "append_only"();
--> statement-breakpoint
CREATE TRIGGER "activations_no_truncate" BEFORE TRUNCATE ON "activations"
  FOR EACH STATEMENT EXECUTE FUNCTION "append_only"();
