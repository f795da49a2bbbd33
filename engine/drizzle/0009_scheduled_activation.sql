ALTER TABLE "policies" ADD COLUMN "scheduled_version" integer;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "scheduled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "scheduled_by" text;