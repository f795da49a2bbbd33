/** /v1/worklist: the invoices that need a person, ranked by cash at risk (docs/measures.md). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isoDate } from '../features/inputs';
import { worklist } from '../measures/worklist';
import { SEGMENTS } from '../policy';
import { type Executor } from '../store';
import { READ_SCOPES, scoped } from './auth';
import { validationHook } from './errors';
import { errors, json } from './schemas';

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
            items: z.array(item),
          }),
          'A page of the worklist, riskiest first',
        ),
        400: errors[400],
        422: errors[422],
      },
    }),
  ),
};

export function worklistRouter(db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    return c.json(await worklist(db, { ...q, asOf: q.asOf ?? new Date().toISOString().slice(0, 10) }), 200);
  });
  return app;
}
