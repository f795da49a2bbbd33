/** /v1/models: the model versions found, their metrics, and activation without restart. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type ModelRegistry } from '../models/registry';
import { errors, json } from './schemas';
import { validationHook } from './errors';
import { scoped } from './auth';

const modelVersion = z.object({
  version: z.string(),
  active: z.boolean(),
  createdAt: z.string().nullable(),
  trainerVersion: z.string().nullable(),
  data: z.object({ source: z.string(), rows: z.number(), provenance: z.string() }).nullable(),
  split: z.record(z.string(), z.unknown()).nullable(),
  metrics: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable().openapi({ description: 'Why this version cannot be used' }),
});
const model = z
  .object({
    name: z.string(),
    activeVersion: z.string().nullable(),
    loadError: z.string().nullable(),
    versions: z.array(modelVersion),
  })
  .openapi('Model');

const tags = ['Models'];
const routes = {
  list: createRoute(
    scoped(['reports:read', 'models:admin'], {
      method: 'get',
      path: '/',
      tags,
      summary: 'Models, their versions and test metrics',
      responses: { 200: json(z.object({ items: z.array(model) }), 'Models') },
    }),
  ),
  activate: createRoute(
    scoped('models:admin', {
      method: 'post',
      path: '/{name}/versions/{version}/activate',
      tags,
      summary: 'Serve this version from now on (no restart)',
      request: {
        params: z.object({
          name: z.string().openapi({ param: { name: 'name', in: 'path' }, example: 'risk' }),
          version: z.string().openapi({ param: { name: 'version', in: 'path' } }),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(model) }), 'Models after the swap'),
        404: errors[404],
        409: errors[409],
      },
    }),
  ),
};

export function modelsRouter(registry: ModelRegistry) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.list, (c) => c.json({ items: registry.list() }, 200));
  app.openapi(routes.activate, async (c) => {
    const { name, version } = c.req.valid('param');
    await registry.activate(name, version);
    return c.json({ items: registry.list() }, 200);
  });
  return app;
}
