/** /v1/policies/{id}/simulate: dry runs of a policy's draft, or of a graph sent, for the editor's simulator. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { decideRequest, decisionOut } from '../decide/contract';
import { DEFAULT_TIMELINE_DAYS, MAX_TIMELINE_DAYS, type Simulator } from '../decide/simulate';
import { errors, json, jsonBody, policyGraph, policyIdParam } from './schemas';
import { validationHook } from './errors';
import { scoped } from './auth';

const graph = policyGraph
  .optional()
  .meta({ description: 'Simulate this graph instead of the stored draft (for unsaved edits)' });
const simulationRequest = decideRequest.omit({ policyId: true, dryRun: true }).openapi('SimulationRequest');

const tags = ['Simulate'];
const routes = {
  decide: createRoute(
    scoped('policies:edit', {
      method: 'post',
      path: '/{id}/simulate',
      tags,
      summary: 'Decide one invoice with the draft (or the graph sent), without logging',
      description: `The decision reports policy version 0: a draft has no version number yet. 422 while the graph has errors.`,
      request: {
        params: policyIdParam,
        ...jsonBody(simulationRequest.extend({ graph }).strict().openapi('SimulateRequest')),
      },
      responses: {
        200: json(decisionOut, 'The decision, not logged'),
        400: errors[400],
        404: errors[404],
        422: errors[422],
      },
    }),
  ),
  timeline: createRoute(
    scoped('policies:edit', {
      method: 'post',
      path: '/{id}/simulate/timeline',
      tags,
      summary: 'Decide one invoice every day from its issue date, feeding each action back as dunning history',
      description:
        'One entry per day from the issue date to `days` days after it. Each day an action is decided, the next day sees one ' +
        "more step taken, with that action's type and date as the last action. The request's asOf is not used.",
      request: {
        params: policyIdParam,
        ...jsonBody(
          z
            .object({
              request: simulationRequest,
              days: z.number().int().min(0).max(MAX_TIMELINE_DAYS).default(DEFAULT_TIMELINE_DAYS),
              graph,
            })
            .strict()
            .openapi('TimelineRequest'),
        ),
      },
      responses: {
        200: json(
          z
            .object({
              days: z.array(z.object({ day: z.number().int(), date: z.string(), decision: decisionOut })),
            })
            .openapi('Timeline'),
          'One decision per day, not logged',
        ),
        400: errors[400],
        404: errors[404],
        422: errors[422],
      },
    }),
  ),
};

export function simulateRouter(simulator: Simulator) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.decide, async (c) => {
    const { graph: sent, ...request } = c.req.valid('json');
    return c.json(await simulator.decide(c.req.valid('param').id, request, sent), 200);
  });
  app.openapi(routes.timeline, async (c) => {
    const { request, days, graph: sent } = c.req.valid('json');
    return c.json({ days: await simulator.timeline(c.req.valid('param').id, request, days, sent) }, 200);
  });
  return app;
}
