/** The decision contract (docs/decide.md): request and response shapes, defined once. */
import { z } from '@hono/zod-openapi';
import { ACTION_TYPES, pathStepSchema } from '../policy';
import { accountInput, historyInput, instant, invoiceInput } from '../features/inputs';

export const decideRequest = z
  .object({
    invoiceId: z.string().min(1).max(200).optional().openapi({
      description:
        'An invoice the ledger holds: decide from what the store knew at asOf. Fields sent in invoice, account and history override the store\u2019s.',
    }),
    invoice: invoiceInput.partial().optional().openapi('InvoiceFields', {
      description: 'The invoice, every field of it unless invoiceId names one the ledger holds',
    }),
    account: accountInput.optional(),
    history: historyInput.optional(),
    asOf: instant.optional().openapi({ description: 'Decision time; defaults to now' }),
    policyId: z.string().min(1).optional().openapi({ description: "Defaults to the deployment's default policy" }),
    dryRun: z.boolean().optional().openapi({ description: 'Decide without logging' }),
  })
  .strict()
  .openapi('DecideRequest');
/** A decide request as sent: the invoice whole, or named by `invoiceId` with fields to override. */
export type DecideRequestBody = z.infer<typeof decideRequest>;
/** A decide request with its invoice complete, sent whole or completed from the ledger: what the log keeps. */
export const completedRequest = decideRequest
  .omit({ invoiceId: true, invoice: true })
  .extend({ invoice: invoiceInput })
  .openapi('CompletedDecideRequest');
export type DecideRequest = z.infer<typeof completedRequest>;

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
    step: z.string().openapi({ description: 'The action node: the dunning step this is' }),
    occurrence: z.number().int().openapi({ description: 'Which time the step is taken on this invoice, from 1' }),
    sendAt: z.string().optional().openapi({
      description: 'For a contact: when it may go out, inside the send window in the account\u2019s time zone',
    }),
  })
  .openapi('DecidedAction');

export const decisionOut = z
  .object({
    decisionId: z.string(),
    invoiceId: z.string(),
    accountId: z.string(),
    asOf: z.string(),
    outcome: z.enum(['action', 'wait', 'stop']),
    action: actionOut.optional(),
    reviewAt: z.string().optional().openapi({ description: 'For a wait: the day to look again' }),
    reason: z
      .string()
      .optional()
      .openapi({ description: 'For a stop: why; for a wait the engine imposes: why (step_done, ...)' }),
    reasonLabel: z.string().optional().openapi({
      description: 'For a stop: its reason as the policy’s author wrote it ("Sent to collector"), when they did',
    }),
    nextReviewAt: z.string().openapi({
      description:
        'The first day on which the decision changes if nothing but time does (within 120 days; else the 120th day)',
    }),
    policy: z.object({ id: z.string(), version: z.number().int(), contentHash: z.string() }),
    models: z.array(z.object({ name: z.string(), version: z.string() })),
    scores: z.record(z.string(), z.unknown()),
    explanation: z.object({
      terminal: z.string(),
      path: z.array(pathStepSchema),
      missingFacts: z.array(z.string()),
      overrides: z.array(z.object({ rule: z.string(), message: z.string() })),
      topFeatures: z.array(z.object({ feature: z.string(), contribution: z.number() })).openapi({
        description:
          'Features that moved the risk model most: the change when each is set to its training average. They explain lateProbability until the due date, payWithin30Probability after it (lateProbability is then 1)',
      }),
      modelWarnings: z
        .array(z.object({ model: z.string(), feature: z.string(), message: z.string() }))
        .openapi({ description: 'Model inputs that were missing or outside the training range' }),
      reporting: z.object({ from: z.string(), to: z.string(), rate: z.number() }).optional().openapi({
        description:
          'The exchange rate the reporting-currency facts were converted with: one unit of `from` (the invoice currency) is `rate` units of `to`. Absent without a rate',
      }),
    }),
    dryRun: z.boolean(),
  })
  .openapi('Decision');
export type Decision = z.infer<typeof decisionOut>;
