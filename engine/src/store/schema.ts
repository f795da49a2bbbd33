/** The drizzle schema of every table; migrations in engine/drizzle/ are generated from it (docs/store.md). */
import {
  boolean,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const policies = pgTable('policies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  draft: jsonb('draft').$type<unknown>().notNull(),
  draftRevision: integer('draft_revision').notNull().default(1),
  activeVersion: integer('active_version'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

// Rows are immutable once inserted: a trigger (migration 0001) rejects UPDATE, DELETE and TRUNCATE.
export const policyVersions = pgTable(
  'policy_versions',
  {
    policyId: text('policy_id').notNull(),
    version: integer('version').notNull(),
    graph: jsonb('graph').$type<unknown>().notNull(),
    ruleSet: jsonb('rule_set').$type<unknown>().notNull(),
    contentHash: text('content_hash').notNull(),
    note: text('note').notNull().default(''),
    publishedAt: timestamptz('published_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.policyId, t.version] }),
    foreignKey({ columns: [t.policyId], foreignColumns: [policies.id] }),
  ],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
});

export const decisions = pgTable(
  'decisions',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id').notNull(),
    accountId: text('account_id').notNull(),
    policyId: text('policy_id').notNull(),
    policyVersion: integer('policy_version').notNull(),
    contentHash: text('content_hash').notNull(),
    asOf: timestamptz('as_of').notNull(),
    outcome: text('outcome').notNull(),
    request: jsonb('request').$type<unknown>().notNull(),
    facts: jsonb('facts').$type<unknown>().notNull(),
    response: jsonb('response').$type<unknown>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('decisions_invoice_id_as_of_idx').on(t.invoiceId, t.asOf),
    index('decisions_account_id_as_of_idx').on(t.accountId, t.asOf),
    index('decisions_as_of_idx').on(t.asOf),
  ],
);

export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  requestHash: text('request_hash').notNull(),
  decisionId: text('decision_id')
    .notNull()
    .references(() => decisions.id),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/**
 * The ledger, the system of record collections run on (docs/ledger.md): accounts, invoices,
 * payments, disputes and promises to pay, each upserted by id and dated, so facts at any date
 * use only what had happened by then.
 */
export const accounts = pgTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name'),
  segment: text('segment'),
  country: text('country'),
  /** IANA time zone of the account, for send windows. */
  timeZone: text('time_zone'),
  creditLimit: doublePrecision('credit_limit'),
  customerSince: date('customer_since', { mode: 'string' }),
  emailAllowed: boolean('email_allowed'),
  smsAllowed: boolean('sms_allowed'),
  callAllowed: boolean('call_allowed'),
  doNotContact: boolean('do_not_contact'),
  /** The collector who owns the account. */
  owner: text('owner'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

/** `settled_date` is the day the payments reached the amount, kept in step with `payments` by the store. */
export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    amount: doublePrecision('amount').notNull(),
    currency: text('currency').notNull(),
    settledDate: date('settled_date', { mode: 'string' }),
    disputed: boolean('disputed'),
    paperless: boolean('paperless'),
    extra: jsonb('extra').$type<Record<string, string>>().notNull().default({}),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('invoices_account_id_idx').on(t.accountId)],
);

export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amount: doublePrecision('amount').notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('payments_invoice_id_idx').on(t.invoiceId)],
);

export const disputes = pgTable(
  'disputes',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    resolvedOn: date('resolved_on', { mode: 'string' }),
    reason: text('reason').notNull(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('disputes_invoice_id_idx').on(t.invoiceId)],
);

export const promises = pgTable(
  'promises',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    /** The day the customer promised. */
    madeOn: date('made_on', { mode: 'string' }).notNull(),
    /** The day they promised to pay by. */
    promisedDate: date('promised_date', { mode: 'string' }).notNull(),
    amount: doublePrecision('amount'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('promises_invoice_id_idx').on(t.invoiceId)],
);

export type PolicyRow = typeof policies.$inferSelect;
export type PolicyVersionRow = typeof policyVersions.$inferSelect;
export type DecisionRow = typeof decisions.$inferSelect;
export type NewDecisionRow = typeof decisions.$inferInsert;
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type DisputeRow = typeof disputes.$inferSelect;
export type PromiseRow = typeof promises.$inferSelect;
