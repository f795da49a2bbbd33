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

/** The ledger: accounts and their invoices, imported from the canonical invoice history format. */
export const accounts = pgTable('accounts', {
  id: text('id').primaryKey(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/** A payment is the invoice's settled date: the canonical format has no partial payments. */
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

export type PolicyRow = typeof policies.$inferSelect;
export type PolicyVersionRow = typeof policyVersions.$inferSelect;
export type DecisionRow = typeof decisions.$inferSelect;
export type NewDecisionRow = typeof decisions.$inferInsert;
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
