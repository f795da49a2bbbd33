/** /v1/worklist: the invoices that need a person, ranked by cash at risk (docs/measures.md). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { decisionOut } from '../decide/contract';
import { type DecisionService } from '../decide/pipeline';
import { isoDate } from '../features/inputs';
import { collectorOutcome, recordCollectorOutcome } from '../ledger/collector-outcome';
import { worklist } from '../measures/worklist';
import { ACTION_STATUSES } from '../store';
import { SEGMENTS } from '../policy';
import { type Executor } from '../store';
import { READ_SCOPES, scoped } from './auth';
import { validationHook } from './errors';
import { errors, json, jsonBody } from './schemas';

const item = z
  .object({
    invoiceId: z.string(),
    accountId: z.string(),
    accountName: z.string().nullable(),
    segment: z.string().nullable(),
    owner: z.string().nullable(),
    currency: z.string(),
    dueDate: z.string(),
    daysPastDue: z.number().int(),
    openAmount: z.number().openapi({ description: 'Still owed, in the invoice’s currency' }),
    lateProbability: z.number().nullable().openapi({ description: 'Of the latest decision; null when unscored' }),
    cashAtRisk: z.number().openapi({
      description: 'Open amount in the reporting currency × late probability (× 1 when unscored)',
    }),
    why: z.enum(['collector_action', 'risk']),
    decision: z.object({
      decisionId: z.string(),
      asOf: z.string(),
      outcome: z.string(),
      action: z.record(z.string(), z.unknown()).nullable(),
      reason: z.string().nullable(),
    }),
  })
  .openapi('WorklistItem');

const routes = {
  list: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/',
      tags: ['Reports'],
      summary: 'Open invoices for a person: a collector action decided, or risk over the threshold; by cash at risk',
      request: {
        query: z.object({
          asOf: isoDate.optional().openapi({ description: 'The day; default today (UTC)' }),
          segment: z.enum(SEGMENTS).optional(),
          owner: z.string().min(1).max(200).optional(),
          currency: z
            .string()
            .regex(/^[A-Z]{3}$/)
            .optional(),
          level: z.coerce.number().int().min(0).max(1000).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
      },
      responses: {
        200: json(
          z.object({
            asOf: z.string(),
            currency: z.string(),
            riskThreshold: z.number(),
            total: z.number().int(),
            totalCashAtRisk: z.number().openapi({ description: 'Cash at risk of every row, all pages' }),
            items: z.array(item),
          }),
          'A page of the worklist, riskiest first',
        ),
        400: errors[400],
        422: errors[422],
      },
    }),
  ),
  outcome: createRoute(
    scoped('ledger:write', {
      method: 'post',
      path: '/{invoiceId}/outcomes',
      tags: ['Reports'],
      summary:
        'Record what a collector got: a promise, a dispute, a payment or no answer; the invoice is decided again',
      description:
        'Writes the ledger record (promise, dispute or payment), marks the decided call, task or escalation as taken ' +
        '(`unanswered` for no answer), then decides the invoice again and logs that decision.',
      request: {
        params: z.object({
          invoiceId: z
            .string()
            .min(1)
            .max(200)
            .openapi({ param: { name: 'invoiceId', in: 'path' } }),
        }),
        ...jsonBody(collectorOutcome),
      },
      responses: {
        200: json(
          z
            .object({
              invoiceId: z.string(),
              kind: z.enum(['promise', 'dispute', 'paid', 'no_answer']),
              on: z.string(),
              recordId: z.string().nullable(),
              stepTaken: z
                .object({
                  actionId: z.string(),
                  step: z.string(),
                  occurrence: z.number().int(),
                  status: z.enum(ACTION_STATUSES),
                })
                .nullable(),
              decision: decisionOut,
            })
            .openapi('RecordedOutcome'),
          'Recorded, and the invoice decided again',
        ),
        400: errors[400],
        404: errors[404],
        409: errors[409],
        422: errors[422],
      },
    }),
  ),
};

export function worklistRouter(db: Executor, decisions: DecisionService) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    return c.json(await worklist(db, { ...q, asOf: q.asOf ?? new Date().toISOString().slice(0, 10) }), 200);
  });
  app.openapi(routes.outcome, async (c) => {
    const { invoiceId } = c.req.valid('param');
    return c.json(await recordCollectorOutcome(db, decisions, invoiceId, c.req.valid('json'), new Date()), 200);
  });
  return app;
}
