/** /v1/decisions: the decision log, with the facts each decision saw. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../errors';
import { getDecision, listDecisions, type DecisionRow, type Executor } from '../store';
import { completedRequest, decisionOut, type DecideRequest } from '../decide/contract';
import { errors, json } from './schemas';
import { validationHook } from './errors';
import { scoped } from './auth';

const logged = z
  .object({
    decision: decisionOut,
    facts: z.record(z.string(), z.unknown()),
    request: completedRequest,
    loggedAt: z.date(),
  })
  .openapi('LoggedDecision');

const instant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date or date-time');
const tags = ['Decisions'];
const routes = {
  get: createRoute(
    scoped(['decide', 'reports:read'], {
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'One logged decision',
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: json(logged, 'The decision with its facts'), 404: errors[404] },
    }),
  ),
  list: createRoute(
    scoped(['decide', 'reports:read'], {
      method: 'get',
      path: '/',
      tags,
      summary: 'Logged decisions, newest first',
      request: {
        query: z.object({
          invoiceId: z.string().optional(),
          accountId: z.string().optional(),
          outcome: z.enum(['action', 'wait', 'stop']).optional(),
          from: instant.optional().openapi({ description: 'asOf on or after' }),
          to: instant.optional().openapi({ description: 'asOf before' }),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
          cursor: z.string().optional().openapi({ description: 'nextCursor of the previous page' }),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(logged), nextCursor: z.string().nullable() }), 'A page of decisions'),
        400: errors[400],
      },
    }),
  ),
};

const view = (row: DecisionRow) => ({
  decision: row.response as z.infer<typeof decisionOut>,
  facts: row.facts as Record<string, unknown>,
  request: row.request as DecideRequest,
  loggedAt: row.createdAt,
});

export function decisionsRouter(db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.get, async (c) => {
    const row = await getDecision(db, c.req.valid('param').id);
    if (!row) throw new DomainError('decision_not_found', `No decision ${c.req.valid('param').id}`);
    return c.json(view(row), 200);
  });
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const page = await listDecisions(db, {
      invoiceId: q.invoiceId,
      accountId: q.accountId,
      outcome: q.outcome,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      limit: q.limit,
      before: q.cursor,
    });
    return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200);
  });
  return app;
}
