CREATE TABLE "actions" (
	"id" text PRIMARY KEY NOT NULL,
	"invoice_id" text NOT NULL,
	"account_id" text NOT NULL,
	"decision_id" text NOT NULL,
	"run_id" text,
	"step" text NOT NULL,
	"occurrence" integer NOT NULL,
	"type" text NOT NULL,
	"template" text NOT NULL,
	"level" integer NOT NULL,
	"priority" text NOT NULL,
	"target" text,
	"decided_on" date NOT NULL,
	"send_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"status_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"webhook_id" text NOT NULL,
	"event" text NOT NULL,
	"action_id" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"invoice_id" text PRIMARY KEY NOT NULL,
	"next_review_on" date NOT NULL,
	"decision_id" text NOT NULL,
	"decided_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_chunks" (
	"run_id" text NOT NULL,
	"chunk" integer NOT NULL,
	"from_id" text NOT NULL,
	"to_id" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"worker" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "run_chunks_run_id_chunk_pk" PRIMARY KEY("run_id","chunk")
);
--> statement-breakpoint
CREATE TABLE "run_errors" (
	"run_id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_errors_run_id_invoice_id_pk" PRIMARY KEY("run_id","invoice_id")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"policy_id" text,
	"dry_run" boolean DEFAULT false NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"invoices" integer DEFAULT 0 NOT NULL,
	"chunks" integer DEFAULT 0 NOT NULL,
	"dry_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"events" jsonb NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "run_id" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_chunks" ADD CONSTRAINT "run_chunks_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_errors" ADD CONSTRAINT "run_errors_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "actions_invoice_step_occurrence_key" ON "actions" USING btree ("invoice_id","step","occurrence");--> statement-breakpoint
CREATE INDEX "actions_account_id_decided_on_idx" ON "actions" USING btree ("account_id","decided_on");--> statement-breakpoint
CREATE INDEX "deliveries_status_next_attempt_at_idx" ON "deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "reviews_next_review_on_idx" ON "reviews" USING btree ("next_review_on");--> statement-breakpoint
CREATE UNIQUE INDEX "runs_scheduled_as_of_key" ON "runs" USING btree ("as_of") WHERE trigger = 'schedule';--> statement-breakpoint
CREATE INDEX "decisions_run_id_idx" ON "decisions" USING btree ("run_id");