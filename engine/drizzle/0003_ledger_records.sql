CREATE TABLE "disputes" (
	"id" text PRIMARY KEY NOT NULL,
	"invoice_id" text NOT NULL,
	"opened_on" date NOT NULL,
	"resolved_on" date,
	"reason" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"invoice_id" text NOT NULL,
	"amount" double precision NOT NULL,
	"paid_on" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promises" (
	"id" text PRIMARY KEY NOT NULL,
	"invoice_id" text NOT NULL,
	"made_on" date NOT NULL,
	"promised_date" date NOT NULL,
	"amount" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "segment" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "credit_limit" double precision;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "customer_since" date;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "email_allowed" boolean;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "sms_allowed" boolean;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "call_allowed" boolean;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "do_not_contact" boolean;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disputes_invoice_id_idx" ON "disputes" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "payments_invoice_id_idx" ON "payments" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "promises_invoice_id_idx" ON "promises" USING btree ("invoice_id");--> statement-breakpoint
-- Invoices imported before payments were recorded carry only their settlement date: it becomes one payment in full.
INSERT INTO "payments" ("id", "invoice_id", "amount", "paid_on")
  SELECT "id" || ':paid', "id", "amount", "settled_date" FROM "invoices" WHERE "settled_date" IS NOT NULL;
