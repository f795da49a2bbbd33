/** /v1/policies/{id}/backtests: a candidate and a baseline replayed over the decision log (docs/measures.md). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { decisionOut } from '../decide/contract';
import { isoDate } from '../features/inputs';
import { MAX_DIFFERENCES, viewOf, type Backtests } from '../measures/backtest';
import { pathStepSchema } from '../policy';
import { POLICY_READ_SCOPES, principalOf, scoped } from './auth';
import { validationHook } from './errors';
import { errors, json, jsonBody, MAX_VERSION, policyIdParam } from './schemas';

const version = z.number().int().min(1).max(MAX_VERSION);

const request = z
  .object({
    candidate: z
      .union([version, z.literal('draft')])
      .openapi({ description: 'A version number, or "draft" for the policy’s draft' }),
    baseline: version,
    // meta, not openapi: isoDate may be made before zod is extended with openapi().
    from: isoDate.meta({ description: 'First day (UTC) of logged decisions to replay' }),
    to: isoDate.meta({ description: 'Last day (UTC), included' }),
  })
  .strict()
  .openapi('BacktestRequest');

const replayed = decisionOut
  .pick({ outcome: true, action: true, reason: true, reviewAt: true })
  .extend({ terminal: z.string(), path: z.array(pathStepSchema) })
  .openapi('ReplayedDecision');

const side = z.object({
  label: z.string().openapi({ description: '"draft" or "v<number>"' }),
  outcomes: z.object({ action: z.number().int(), wait: z.number().int(), stop: z.number().int() }),
  actionMix: z
    .array(z.object({ week: z.string(), counts: z.record(z.string(), z.number().int()) }))
    .openapi({ description: 'Per week (its Monday): decisions by action type, or wait or stop' }),
  contacts: z.number().int().openapi({ description: 'Emails, SMS, calls and letters decided' }),
  contactsPerInvoice: z.number(),
  contactCost: z.number().openapi({ description: 'Every action priced by the contact-costs setting' }),
});

const backtest = z
  .object({
    id: z.string(),
    policyId: z.string(),
    request,
    status: z.enum(['running', 'done', 'failed']),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    result: z
      .object({
        decisions: z.number().int(),
        invoices: z.number().int(),
        costCurrency: z.string(),
        candidate: side,
        baseline: side,
        differing: z.object({
          count: z.number().int(),
          invoices: z.number().int(),
          items: z
            .array(
              z.object({
                decisionId: z.string(),
                invoiceId: z.string(),
                asOf: z.string(),
                candidate: replayed,
                baseline: replayed,
              }),
            )
            .openapi({ description: `The first ${MAX_DIFFERENCES} differing decisions, oldest first` }),
        }),
      })
      .nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Backtest');

const tags = ['Policies'];
const routes = {
  start: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'post',
      path: '/{id}/backtests',
      tags,
      summary: 'Replay the logged decisions of a date range with a candidate and a baseline version',
      description:
        'Starts the backtest and answers 202 at once; `GET` its location until `status` is `done`. Every decision ' +
        'the policy logged from `from` to `to` is decided again from the facts it saw, with both versions.',
      request: { params: policyIdParam, ...jsonBody(request) },
      responses: {
        202: json(backtest, 'Started'),
        400: errors[400],
        404: errors[404],
        422: errors[422],
      },
    }),
  ),
  get: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/{id}/backtests/{backtestId}',
      tags,
      summary: 'A backtest: its progress, then its result',
      request: {
        params: policyIdParam.extend({
          backtestId: z
            .string()
            .min(1)
            .max(100)
            .openapi({ param: { name: 'backtestId', in: 'path' } }),
        }),
      },
      responses: { 200: json(backtest, 'The backtest'), 404: errors[404] },
    }),
  ),
};

export function backtestsRouter(backtests: Backtests) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.start, async (c) => {
    const { id } = c.req.valid('param');
    const row = await backtests.start(id, c.req.valid('json'), principalOf(c).id);
    c.header('Location', `/v1/policies/${encodeURIComponent(id)}/backtests/${row.id}`);
    return c.json(viewOf(row), 202);
  });
  app.openapi(routes.get, async (c) => {
    const { id, backtestId } = c.req.valid('param');
    return c.json(await backtests.get(id, backtestId), 200);
  });
  return app;
}
