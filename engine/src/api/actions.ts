/** /v1/actions: the steps taken, and what became of them after they were sent (delivered, bounced, failed). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../errors';
import { ACTION_STATUSES, getAction, setActionStatus, type ActionRow, type Executor } from '../store';
import { errors, json, jsonBody } from './schemas';
import { validationHook } from './errors';
import { READ_SCOPES, scoped } from './auth';

const action = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    accountId: z.string(),
    decisionId: z.string(),
    runId: z.string().nullable(),
    step: z.string(),
    occurrence: z.number().int(),
    type: z.string(),
    template: z.string(),
    level: z.number().int(),
    priority: z.string(),
    target: z.string().nullable(),
    decidedOn: z.string(),
    sendAt: z.string(),
    status: z.enum(ACTION_STATUSES),
    statusAt: z.string(),
  })
  .openapi('Action');

const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const tags = ['Actions'];
const routes = {
  get: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'One action',
      request: { params: idParam },
      responses: { 200: json(action, 'The action'), 404: errors[404] },
    }),
  ),
  status: createRoute(
    scoped('ledger:write', {
      method: 'post',
      path: '/{id}/status',
      tags,
      summary:
        'Report what became of an action: delivered, bounced or failed (a bounced or failed step may be taken again)',
      request: {
        params: idParam,
        ...jsonBody(z.object({ status: z.enum(['delivered', 'bounced', 'failed']) }).strict()),
      },
      responses: { 200: json(action, 'Recorded'), 400: errors[400], 404: errors[404] },
    }),
  ),
};

function view(row: ActionRow) {
  const { createdAt: _created, sendAt, statusAt, status, ...rest } = row;
  const known = status as (typeof ACTION_STATUSES)[number];
  return { ...rest, status: known, sendAt: sendAt.toISOString(), statusAt: statusAt.toISOString() };
}

export function actionsRouter(db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.get, async (c) => {
    const row = await getAction(db, c.req.valid('param').id);
    if (!row) throw new DomainError('action_not_found', `No action ${c.req.valid('param').id}`);
    return c.json(view(row), 200);
  });
  app.openapi(routes.status, async (c) => {
    const { id } = c.req.valid('param');
    const row = await setActionStatus(db, id, c.req.valid('json').status);
    if (!row) throw new DomainError('action_not_found', `No action ${id}`);
    return c.json(view(row), 200);
  });
  return app;
}
