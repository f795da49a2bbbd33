/** The decision contract of DESIGN.md: request and response shapes, defined once. */
import { z } from '@hono/zod-openapi';
import { ACTION_TYPES, COUNTRY_CODES, CURRENCY_CODES, SEGMENTS } from '../policy';
import { isIsoDate } from '../features/days';

export const isoDate = z
  .string()
  .refine(isIsoDate, 'must be a calendar date YYYY-MM-DD')
  .openapi({ example: '2026-01-31' });
const instant = z
  .string()
  .refine(
    (v) => isIsoDate(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))),
    'must be YYYY-MM-DD or an ISO 8601 date-time',
  )
  .openapi({ example: '2026-02-10T09:00:00Z' });
const ratio = z.number().min(0).max(1);
const count = z.number().int().min(0);
const money = z.number().finite();

export const invoiceInput = z
  .object({
    id: z.string().min(1).max(200),
    accountId: z.string().min(1).max(200),
    amount: money,
    openAmount: money.optional().openapi({ description: 'Defaults to amount (nothing paid yet)' }),
    currency: z.enum(CURRENCY_CODES as [string, ...string[]]),
    issueDate: isoDate,
    dueDate: isoDate,
    disputed: z.boolean().optional(),
    promiseToPayDate: isoDate.nullable().optional().openapi({ description: 'null: no promise; absent: unknown' }),
    paperless: z.boolean().optional(),
  })
  .strict()
  .openapi('Invoice');

export const accountInput = z
  .object({
    id: z.string().min(1).max(200),
    segment: z.enum(SEGMENTS).optional(),
    country: z.enum(COUNTRY_CODES as [string, ...string[]]).optional(),
    creditLimit: money.min(0).optional(),
    openBalance: money.optional(),
    openInvoiceCount: count.optional(),
    customerSince: isoDate.optional(),
    settledInvoiceCount: count.optional(),
    lateRate: ratio.optional(),
    avgDaysLate: z.number().min(0).optional(),
    lastPaymentDate: isoDate.optional(),
    disputeRate: ratio.optional(),
    emailAllowed: z.boolean().optional(),
    smsAllowed: z.boolean().optional(),
    callAllowed: z.boolean().optional(),
    doNotContact: z.boolean().optional(),
  })
  .strict()
  .openapi('Account');

export const historyInput = z
  .object({
    stepsTaken: count.optional(),
    lastActionType: z.enum(ACTION_TYPES).optional(),
    lastActionDate: isoDate.optional(),
    contactsLast7Days: count.optional(),
  })
  .strict()
  .openapi('DunningHistory');

export const decideRequest = z
  .object({
    invoice: invoiceInput,
    account: accountInput.optional(),
    history: historyInput.optional(),
    asOf: instant.optional().openapi({ description: 'Decision time; defaults to now' }),
    policyId: z.string().min(1).optional().openapi({ description: "Defaults to the deployment's default policy" }),
    dryRun: z.boolean().optional().openapi({ description: 'Decide without logging' }),
  })
  .strict()
  .openapi('DecideRequest');
export type DecideRequest = z.infer<typeof decideRequest>;

export const MAX_BATCH_ITEMS = 10_000;
export const decideBatchRequest = z
  .object({ items: z.array(z.unknown()).openapi({ description: `Up to ${MAX_BATCH_ITEMS} DecideRequest objects` }) })
  .strict()
  .openapi('DecideBatchRequest');

const actionOut = z
  .object({
    type: z.enum(ACTION_TYPES),
    template: z.string(),
    level: z.number().int(),
    priority: z.string(),
    target: z.string().optional(),
  })
  .openapi('DecidedAction');

const conditionOut = z.object({
  fact: z.string(),
  operator: z.string(),
  value: z.unknown(),
  factValue: z.unknown().optional(),
  missing: z.boolean(),
  result: z.boolean(),
});

export const pathStepOut = z
  .object({
    nodeId: z.string(),
    kind: z.string(),
    label: z.string().optional(),
    handle: z.string().optional(),
    conditions: z.array(conditionOut.extend({ caseId: z.string().optional() })).optional(),
    wait: z
      .object({
        fact: z.string(),
        days: z.number(),
        factValue: z.number().optional(),
        missing: z.boolean(),
        held: z.boolean(),
      })
      .optional(),
    split: z.object({ bucket: z.number(), arm: z.string() }).optional(),
  })
  .openapi('PathStep');

export const decisionOut = z
  .object({
    decisionId: z.string(),
    invoiceId: z.string(),
    accountId: z.string(),
    asOf: z.string(),
    outcome: z.enum(['action', 'wait', 'stop']),
    action: actionOut.optional(),
    reviewAt: z.string().optional(),
    reason: z.string().optional(),
    policy: z.object({ id: z.string(), version: z.number().int(), contentHash: z.string() }),
    models: z.array(z.object({ name: z.string(), version: z.string() })),
    scores: z.record(z.string(), z.unknown()),
    explanation: z.object({
      terminal: z.string(),
      path: z.array(pathStepOut),
      missingFacts: z.array(z.string()),
      overrides: z.array(z.object({ rule: z.string(), message: z.string() })),
      topFeatures: z.array(z.object({ feature: z.string(), contribution: z.number() })).openapi({
        description: 'Features that moved lateProbability most: the change when each is set to its training average',
      }),
      modelWarnings: z
        .array(z.object({ model: z.string(), feature: z.string(), message: z.string() }))
        .openapi({ description: 'Model inputs that were missing or outside the training range' }),
    }),
    dryRun: z.boolean(),
  })
  .openapi('Decision');
export type Decision = z.infer<typeof decisionOut>;
