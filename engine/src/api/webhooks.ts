/** /v1/webhooks: where actions are delivered, each delivery signed with the webhook's secret (docs/runs.md). */
import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../errors';
import { newSecret } from '../outbox/signature';
import { ACTION_EVENT } from '../runs/service';
import { deleteWebhook, insertWebhook, listWebhooks, type Executor, type WebhookRow } from '../store';
import { errors, json, jsonBody } from './schemas';
import { validationHook } from './errors';
import { scoped } from './auth';

export const WEBHOOK_EVENTS = [ACTION_EVENT] as const;

const httpUrl = z
  .string()
  .max(2000)
  .refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'must be an http or https URL');

const webhook = z
  .object({ id: z.string(), url: z.string(), events: z.array(z.enum(WEBHOOK_EVENTS)), createdAt: z.string() })
  .openapi('Webhook');

const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const tags = ['Webhooks'];
const routes = {
  create: createRoute(
    scoped('admin', {
      method: 'post',
      path: '/',
      tags,
      summary: 'Register a receiver; its signing secret is in this answer and never again',
      request: jsonBody(z.object({ url: httpUrl, events: z.array(z.enum(WEBHOOK_EVENTS)).min(1) }).strict()),
      responses: {
        201: json(webhook.extend({ secret: z.string() }).openapi('NewWebhook'), 'Registered'),
        400: errors[400],
      },
    }),
  ),
  list: createRoute(
    scoped('admin', {
      method: 'get',
      path: '/',
      tags,
      summary: 'Registered receivers (without their secrets)',
      responses: { 200: json(z.object({ items: z.array(webhook) }), 'Webhooks') },
    }),
  ),
  remove: createRoute(
    scoped('admin', {
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Remove a receiver and its undelivered deliveries',
      request: { params: idParam },
      responses: { 204: { description: 'Removed' }, 404: errors[404] },
    }),
  ),
};

const view = (row: WebhookRow) => ({
  id: row.id,
  url: row.url,
  events: row.events as Array<(typeof WEBHOOK_EVENTS)[number]>,
  createdAt: row.createdAt.toISOString(),
});

export function webhooksRouter(db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.create, async (c) => {
    const { url, events } = c.req.valid('json');
    const row = await insertWebhook(db, { id: randomUUID(), url, events: [...new Set(events)], secret: newSecret() });
    return c.json({ ...view(row), secret: row.secret }, 201);
  });
  app.openapi(routes.list, async (c) => c.json({ items: (await listWebhooks(db)).map(view) }, 200));
  app.openapi(routes.remove, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await deleteWebhook(db, id))) throw new DomainError('webhook_not_found', `No webhook ${id}`);
    return c.body(null, 204);
  });
  return app;
}
