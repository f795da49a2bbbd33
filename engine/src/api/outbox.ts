/** /v1/outbox: deliveries to webhooks, the dead ones among them, and replaying them (docs/runs.md). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../errors';
import { getDelivery, listDeliveries, outboxBacklog, replayDelivery, type DeliveryRow, type Executor } from '../store';
import { errors, json } from './schemas';
import { validationHook } from './errors';
import { READ_SCOPES, scoped } from './auth';

const STATUSES = ['pending', 'sent', 'dead'] as const;

const delivery = z
  .object({
    id: z.string().openapi({ description: 'Stable across retries: receivers deduplicate by it' }),
    webhookId: z.string(),
    event: z.string(),
    actionId: z.string().nullable(),
    status: z.enum(STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    payload: z.unknown(),
  })
  .openapi('Delivery');

const tags = ['Outbox'];
const routes = {
  list: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/',
      tags,
      summary: 'Deliveries, newest first; ?status=dead lists the dead letters',
      request: {
        query: z.object({
          status: z.enum(STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
      },
      responses: {
        200: json(
          z.object({ items: z.array(delivery), backlog: z.record(z.string(), z.number()) }),
          'Deliveries and how many there are of each status',
        ),
        400: errors[400],
      },
    }),
  ),
  replay: createRoute(
    scoped('admin', {
      method: 'post',
      path: '/{id}/replay',
      tags,
      summary: 'Send a dead delivery again, from its first attempt',
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: json(delivery, 'Queued again'), 404: errors[404], 409: errors[409] },
    }),
  ),
};

const view = (row: DeliveryRow) => ({
  id: row.id,
  webhookId: row.webhookId,
  event: row.event,
  actionId: row.actionId,
  status: row.status as (typeof STATUSES)[number],
  attempts: row.attempts,
  nextAttemptAt: row.nextAttemptAt.toISOString(),
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  sentAt: row.sentAt?.toISOString() ?? null,
  payload: row.payload,
});

export function outboxRouter(db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.list, async (c) => {
    const { status, limit } = c.req.valid('query');
    const items = await listDeliveries(db, { status, limit: limit ?? 100 });
    return c.json({ items: items.map(view), backlog: await outboxBacklog(db) }, 200);
  });
  app.openapi(routes.replay, async (c) => {
    const { id } = c.req.valid('param');
    const replayed = await replayDelivery(db, id, new Date());
    if (replayed) return c.json(view(replayed), 200);
    if (!(await getDelivery(db, id))) throw new DomainError('delivery_not_found', `No delivery ${id}`);
    throw new DomainError('delivery_not_dead', `Delivery ${id} is not dead: it is still being sent, or was sent`);
  });
  return app;
}
