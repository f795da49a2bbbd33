/** /v1/decide and /v1/decide/batch. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { decideBatchRequest, decideRequest, decisionOut } from '../decide/contract';
import { type DecisionService } from '../decide/pipeline';
import { errorBody, errors, json, jsonBody } from './schemas';
import { validationHook } from './errors';
import { scoped } from './auth';

const tags = ['Decide'];
const routes = {
  decide: createRoute(
    scoped('decide', {
      method: 'post',
      path: '/',
      tags,
      summary: 'Decide the next collection step for one invoice',
      request: {
        headers: z.object({
          'idempotency-key': z.string().min(1).max(200).optional().openapi({
            description: 'Same key and body: the same decision, logged once. Same key, other body: 409.',
          }),
        }),
        ...jsonBody(decideRequest),
      },
      responses: { 200: json(decisionOut, 'The decision'), ...errors },
    }),
  ),
  batch: createRoute(
    scoped('decide', {
      method: 'post',
      path: '/batch',
      tags,
      summary: 'Decide up to 10,000 invoices; each item succeeds or fails alone',
      request: jsonBody(decideBatchRequest),
      responses: {
        200: json(
          z.object({
            results: z.array(
              z.union([
                z.object({ ok: z.literal(true), decision: decisionOut }),
                z.object({ ok: z.literal(false), error: errorBody.shape.error }),
              ]),
            ),
          }),
          'One result per item, in order',
        ),
        400: errors[400],
        413: errors[413],
      },
    }),
  ),
};

export function decideRouter(service: DecisionService) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.decide, async (c) =>
    c.json(await service.decide(c.req.valid('json'), c.req.valid('header')['idempotency-key']), 200),
  );
  app.openapi(routes.batch, async (c) =>
    c.json({ results: await service.decideBatch(c.req.valid('json').items) }, 200),
  );
  return app;
}
