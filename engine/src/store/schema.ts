/** The drizzle schema of every table; migrations in engine/drizzle/ are generated from it (docs/store.md). */
import { sql } from 'drizzle-orm';
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
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const policies = pgTable('policies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  draft: jsonb('draft').$type<unknown>().notNull(),
  draftRevision: integer('draft_revision').notNull().default(1),
  activeVersion: integer('active_version'),
  /** The key that last saved the draft (four-eyes: it may not publish it). */
  draftEditedBy: text('draft_edited_by'),
  /** Set when archived: hidden from the editor's list; its versions are kept. */
  archivedAt: timestamptz('archived_at'),
  /** A version to become active at `scheduledAt`, by `scheduledBy`; every process switches at that instant. */
  scheduledVersion: integer('scheduled_version'),
  scheduledAt: timestamptz('scheduled_at'),
  scheduledBy: text('scheduled_by'),
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
    /** The key that last edited the draft this version was published from. */
    author: text('author'),
    publisher: text('publisher'),
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
    /** The run that made it, if one did. */
    runId: text('run_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('decisions_run_id_idx').on(t.runId),
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

/**
 * Runs, the actions they take and the outbox that delivers them (docs/runs.md). A decision and,
 * for an action, its action row and outbox deliveries are written in one transaction; an action is
 * unique per (invoice, step, occurrence), so no rerun, retry or crash contacts a customer twice.
 */
export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    policyId: text('policy_id'),
    dryRun: boolean('dry_run').notNull().default(false),
    /** `api`, `schedule` or `cli`. */
    trigger: text('trigger').notNull(),
    /** queued, running, done. */
    status: text('status').notNull().default('queued'),
    invoices: integer('invoices').notNull().default(0),
    chunks: integer('chunks').notNull().default(0),
    /** A dry run's outcome counts (a real run counts its logged decisions). */
    dryCounts: jsonb('dry_counts').$type<Record<string, number>>().notNull().default({}),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [
    // The daily schedule makes one run a day, however many processes check it.
    uniqueIndex('runs_scheduled_as_of_key')
      .on(t.asOf)
      .where(sql`trigger = 'schedule'`),
  ],
);

export const runChunks = pgTable(
  'run_chunks',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id),
    chunk: integer('chunk').notNull(),
    /** Account ids from (inclusive) to (exclusive; null: to the end): an account is never split. */
    fromId: text('from_id').notNull(),
    toId: text('to_id'),
    /** queued, done. */
    status: text('status').notNull().default('queued'),
    /** The process that finished it. */
    worker: text('worker'),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.chunk] })],
);

export const runErrors = pgTable(
  'run_errors',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id),
    invoiceId: text('invoice_id').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.invoiceId] })],
);

/** When each invoice is next due for review: its last decision's nextReviewAt; no row: due now. */
export const reviews = pgTable(
  'reviews',
  {
    invoiceId: text('invoice_id').primaryKey(),
    nextReviewOn: date('next_review_on', { mode: 'string' }).notNull(),
    decisionId: text('decision_id').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
  },
  (t) => [index('reviews_next_review_on_idx').on(t.nextReviewOn)],
);

export const actions = pgTable(
  'actions',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id').notNull(),
    accountId: text('account_id').notNull(),
    decisionId: text('decision_id').notNull(),
    runId: text('run_id'),
    step: text('step').notNull(),
    occurrence: integer('occurrence').notNull(),
    type: text('type').notNull(),
    template: text('template').notNull(),
    level: integer('level').notNull(),
    priority: text('priority').notNull(),
    target: text('target'),
    /** The day it was decided: the day the step counts as taken. */
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    sendAt: timestamptz('send_at').notNull(),
    /** pending (in the outbox), sent (a receiver took it), then delivered, bounced or failed as reported. */
    status: text('status').notNull().default('pending'),
    statusAt: timestamptz('status_at').notNull().defaultNow(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('actions_invoice_step_occurrence_key').on(t.invoiceId, t.step, t.occurrence),
    index('actions_account_id_decided_on_idx').on(t.accountId, t.decidedOn),
  ],
);

export const webhooks = pgTable('webhooks', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  events: jsonb('events').$type<string[]>().notNull(),
  /** The signing secret; shown once, when the webhook is created. */
  secret: text('secret').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/** The outbox: one delivery per event and webhook, retried with backoff, then dead. */
export const deliveries = pgTable(
  'deliveries',
  {
    /** Stable across retries: the receiver deduplicates by it. */
    id: text('id').primaryKey(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    actionId: text('action_id'),
    payload: jsonb('payload').$type<unknown>().notNull(),
    /** pending, sent, dead. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    sentAt: timestamptz('sent_at'),
  },
  (t) => [index('deliveries_status_next_attempt_at_idx').on(t.status, t.nextAttemptAt)],
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
export type RunRow = typeof runs.$inferSelect;
export type ActionRow = typeof actions.$inferSelect;
export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;

/** API keys: only a hash of each secret is kept; the secret is shown once, when the key is made. */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  scopes: jsonb('scopes').$type<string[]>().notNull(),
  /** sha256 of the secret, hex. */
  secretHash: text('secret_hash').notNull(),
  /** The key that made this one; null for the first key and keys made on the command line. */
  createdBy: text('created_by'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  revokedAt: timestamptz('revoked_at'),
});

/** Who changed what, when: one row per successful write through the API (docs/security.md). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: timestamptz('at').notNull().defaultNow(),
    /** The key's id, or `local` when keys are off. */
    actor: text('actor').notNull(),
    actorName: text('actor_name').notNull(),
    /** `METHOD /route/{param}`: the operation, as the OpenAPI document names its path. */
    action: text('action').notNull(),
    /** The path written to, with its ids. */
    target: text('target').notNull(),
    status: integer('status').notNull(),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_at_idx').on(t.actor, t.at)],
);

/** Who made each version active, when: activation is a change of state, so each one is kept. */
export const activations = pgTable(
  'activations',
  {
    policyId: text('policy_id').notNull(),
    version: integer('version').notNull(),
    activatedBy: text('activated_by').notNull(),
    activatedAt: timestamptz('activated_at').notNull().defaultNow(),
  },
  (t) => [index('activations_policy_id_idx').on(t.policyId, t.activatedAt)],
);

/** Backtests (docs/measures.md): a candidate and a baseline replayed over the decision log; the result once done. */
export const backtests = pgTable(
  'backtests',
  {
    id: text('id').primaryKey(),
    policyId: text('policy_id').notNull(),
    /** What was asked: candidate, baseline, from, to. */
    request: jsonb('request').notNull(),
    /** running, done or failed. */
    status: text('status').notNull().default('running'),
    /** Logged decisions to replay, and replayed so far. */
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    result: jsonb('result'),
    error: jsonb('error'),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    /** Moves while it runs: a running backtest that stopped moving was lost with its process. */
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('backtests_policy_id_created_at_idx').on(t.policyId, t.createdAt)],
);
export type BacktestRow = typeof backtests.$inferSelect;
