/** /v1/experiments: champion/challenger results of the policies' split nodes (docs/measures.md). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isoDate } from '../features/inputs';
import { experimentReport, listExperiments } from '../measures/experiments';
import { type Executor } from '../store';
import { type PolicyVersions } from '../versions/service';
import { POLICY_READ_SCOPES, principalOf, scoped } from './auth';
import { validationHook } from './errors';
import { draft } from './policies';
import { errors, json, jsonBody } from './schemas';

const interval = z
  .object({ difference: z.number(), low: z.number(), high: z.number() })
  .nullable()
  .openapi('Interval', { description: 'The arm minus the other, with its 95% interval; null without enough data' });

const versus = z.object({
  paidWithin7: interval,
  paidWithin30: interval,
  daysToPay: interval,
  cashPerInvoice: interval,
  contactsPerInvoice: interval,
});

const share = z.object({
  share: z.number().nullable(),
  paid: z.number().int(),
  eligible: z.number().int().openapi({ description: 'Entered at least that many days before asOf' }),
});

const report = z
  .object({
    policyId: z.string(),
    splitNodeId: z.string(),
    label: z.string(),
    version: z.number().int().openapi({ description: 'The newest version holding the split node' }),
    asOf: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    currency: z.string(),
    arms: z.array(
      z.object({
        armId: z.string(),
        label: z.string(),
        weight: z.number().int(),
        champion: z.boolean(),
        holdout: z.boolean().openapi({ description: 'Its branch stops at once with reason holdout' }),
        invoices: z.number().int(),
        paidWithin7: share,
        paidWithin30: share,
        daysToPay: z.object({ settled: z.number().int(), mean: z.number().nullable(), median: z.number().nullable() }),
        cashCollected: z.object({ total: z.number(), perInvoice: z.number().nullable() }),
        contactsPerInvoice: z.number().nullable(),
        versusChampion: versus.nullable(),
      }),
    ),
    uplift: z
      .array(z.object({ armId: z.string(), paidWithin30: interval, cashPerInvoice: interval }))
      .nullable()
      .openapi({ description: 'Each contacting arm against the holdout arm, when there is one' }),
  })
  .openapi('ExperimentReport');

const summary = z
  .object({
    policyId: z.string(),
    splitNodeId: z.string(),
    label: z.string(),
    arms: z.array(z.object({ armId: z.string(), label: z.string(), weight: z.number().int() })),
    invoices: z.number().int(),
    firstEntry: z.string(),
    lastEntry: z.string(),
  })
  .openapi('ExperimentSummary');

const experimentParams = z.object({
  policyId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'policyId', in: 'path' } }),
  splitNodeId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'splitNodeId', in: 'path' } }),
});

const tags = ['Reports'];
const routes = {
  list: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/',
      tags,
      summary: 'The split nodes decisions went through, with how many invoices entered them',
      responses: { 200: json(z.object({ items: z.array(summary) }), 'The experiments') },
    }),
  ),
  get: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/{policyId}/{splitNodeId}',
      tags,
      summary: 'Per arm: paid within 7 and 30 days, days to pay, cash, contacts; each against the champion',
      request: {
        params: experimentParams,
        query: z.object({
          asOf: isoDate.optional().openapi({ description: 'Outcomes known by the end of this day; default today' }),
          from: isoDate.optional().openapi({ description: 'Invoices that entered from this day on' }),
          to: isoDate.optional().openapi({ description: 'Invoices that entered up to this day; default asOf' }),
        }),
      },
      responses: { 200: json(report, 'The results'), 400: errors[400], 404: errors[404], 422: errors[422] },
    }),
  ),
  promote: createRoute(
    scoped('policies:edit', {
      method: 'post',
      path: '/{policyId}/{splitNodeId}/promote',
      tags,
      summary: 'Promote the winner: the policy’s draft with the split node replaced by one arm’s branch',
      description:
        'Connects what led into the split node to where the arm led, and removes the split node and the steps only ' +
        'the other arms reached. Saves the draft; nothing is published.',
      request: {
        params: experimentParams,
        ...jsonBody(z.object({ arm: z.string().min(1).max(100) }).strict()),
      },
      responses: { 200: json(draft, 'The draft, saved'), 400: errors[400], 404: errors[404], 422: errors[422] },
    }),
  ),
};

export function experimentsRouter(db: Executor, versions: PolicyVersions) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.list, async (c) => c.json({ items: await listExperiments(db) }, 200));
  app.openapi(routes.get, async (c) => {
    const { policyId, splitNodeId } = c.req.valid('param');
    const query = c.req.valid('query');
    const asOf = query.asOf ?? new Date().toISOString().slice(0, 10);
    return c.json(await experimentReport(db, policyId, splitNodeId, { ...query, asOf }), 200);
  });
  app.openapi(routes.promote, async (c) => {
    const { policyId, splitNodeId } = c.req.valid('param');
    const promoted = await versions.promote(policyId, splitNodeId, c.req.valid('json').arm, principalOf(c).id);
    return c.json(promoted, 200);
  });
  return app;
}
