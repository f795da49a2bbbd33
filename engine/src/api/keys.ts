/** /v1/keys: API keys and their scopes; a key's secret is in the answer that makes it, never again (docs/security.md). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type ApiKeys } from '../auth/keys';
import { SCOPES } from '../auth/scopes';
import { errors, json, jsonBody } from './schemas';
import { validationHook } from './errors';
import { principalOf, scoped, SECURITY_SCHEME } from './auth';

const key = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
    revokedAt: z.date().nullable(),
  })
  .openapi('ApiKey');
const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const tags = ['Keys'];

const routes = {
  create: createRoute(
    scoped('admin', {
      method: 'post',
      path: '/',
      tags,
      summary: 'Make a key; its token is in this answer and never again',
      request: jsonBody(
        z.object({ name: z.string().trim().min(1).max(200), scopes: z.array(z.enum(SCOPES)).min(1) }).strict(),
      ),
      responses: {
        201: json(key.extend({ token: z.string() }).openapi('NewApiKey'), 'Made'),
        400: errors[400],
      },
    }),
  ),
  list: createRoute(
    scoped('admin', {
      method: 'get',
      path: '/',
      tags,
      summary: 'Every key, live and revoked (never a secret)',
      responses: { 200: json(z.object({ items: z.array(key) }), 'Keys') },
    }),
  ),
  me: createRoute({
    method: 'get',
    path: '/me',
    tags,
    summary: 'The key this request was made with: who is signed in',
    description: 'Needs any valid key.',
    security: [{ [SECURITY_SCHEME]: [] }],
    responses: {
      200: json(z.object({ id: z.string(), name: z.string(), scopes: z.array(z.string()) }), 'This key'),
    },
  }),
  revoke: createRoute(
    scoped('admin', {
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Revoke a key: it stops working in every engine process within a second',
      request: { params: idParam },
      responses: { 200: json(key, 'Revoked'), 404: errors[404] },
    }),
  ),
};

export function keysRouter(keys: ApiKeys) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.create, async (c) => {
    const { name, scopes } = c.req.valid('json');
    return c.json(await keys.create({ name, scopes, createdBy: principalOf(c).id }), 201);
  });
  app.openapi(routes.list, async (c) => c.json({ items: await keys.list() }, 200));
  app.openapi(routes.me, (c) => {
    const { id, name, scopes } = principalOf(c);
    return c.json({ id, name, scopes: [...scopes] }, 200);
  });
  app.openapi(routes.revoke, async (c) => c.json(await keys.revoke(c.req.valid('param').id), 200));
  return app;
}
