/** /v1/reports: portfolio measures over the ledger (docs/measures.md). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../errors';
import { daysBetween } from '../features/days';
import { isoDate } from '../features/inputs';
import { INTERVALS, kpiReport } from '../measures/kpis';
import { AGING_GROUPS, agingReport } from '../measures/aging';
import { cashForecast } from '../measures/cash-forecast';
import { SEGMENTS } from '../policy';
import { AGING_BUCKETS, MAX_FORECAST_WEEKS, type Executor } from '../store';

const AGING_BUCKET_NAMES = AGING_BUCKETS.map((b) => b.bucket) as [string, ...string[]];
import { READ_SCOPES, scoped } from './auth';
import { validationHook } from './errors';
import { errors, json } from './schemas';

/** About ten years of months: a report is one query per period end. */
const MAX_DAYS = 3700;

const money = z.number();
const ratio = z.number().nullable();
const kpiPeriod = z
  .object({
    start: z.string(),
    end: z.string(),
    days: z.number().int(),
    beginningAr: money.openapi({ description: 'Open at the end of the day before the period' }),
    creditSales: money.openapi({ description: 'Invoiced in the period' }),
    endingAr: money.openapi({ description: 'Open at the end of the period' }),
    endingCurrentAr: money.openapi({ description: 'The part of it not yet past due' }),
    dso: ratio.openapi({ description: 'Ending AR / credit sales × days; null without sales' }),
    bestPossibleDso: ratio.openapi({ description: 'Ending current AR / credit sales × days' }),
    add: ratio.openapi({ description: 'Average days delinquent: DSO − best possible DSO' }),
    cei: ratio.openapi({
      description:
        'Collection effectiveness: (beginning AR + sales − ending AR) / (beginning AR + sales − ending current AR) × 100',
    }),
  })
  .openapi('KpiPeriod');

const agingCells = {
  invoices: z.number().int(),
  openAmount: money,
  expected30: money.nullable().openapi({ description: 'Expected within 30 days; null with too little history' }),
};
const agingRow = z.object({
  ...agingCells,
  cells: z.array(z.object({ bucket: z.enum(AGING_BUCKET_NAMES), ...agingCells })),
});

const week = z.object({
  week: z.number().int(),
  from: z.string(),
  to: z.string(),
  expected: money,
  p10: money,
  p90: money,
});
const unforecast = z
  .object({ invoices: z.number().int(), openAmount: money })
  .openapi({ description: 'Open invoices of buckets with too little history to forecast' });

const routes = {
  cashForecast: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/cash-forecast',
      tags: ['Reports'],
      summary:
        'Expected collections per week with a P10–P90 band, and the same forecast made earlier against what came in',
      request: {
        query: z.object({
          asOf: isoDate.optional().openapi({ description: 'The day; default today (UTC)' }),
          weeks: z.coerce.number().int().min(1).max(MAX_FORECAST_WEEKS).default(13),
        }),
      },
      responses: {
        200: json(
          z
            .object({
              asOf: z.string(),
              weeks: z.number().int(),
              currency: z.string(),
              curves: z.array(
                z.object({
                  bucket: z.enum(AGING_BUCKET_NAMES),
                  history: z.number().int(),
                  paidByWeek: z.array(z.number()).nullable(),
                }),
              ),
              forecast: z.array(week),
              unforecast,
              backtest: z.object({
                origin: z.string(),
                weeks: z.array(week.extend({ collected: money })),
                unforecast,
                meanAbsoluteError: money,
                totalExpected: money,
                totalCollected: money,
                totalError: ratio,
                bandCoverage: z.number(),
              }),
            })
            .openapi('CashForecast'),
          'The forecast and its backtest',
        ),
        400: errors[400],
        422: errors[422],
      },
    }),
  ),
  aging: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/aging',
      tags: ['Reports'],
      summary:
        'Open amounts by days past due, by segment, currency or owner, with the collections to expect in 30 days',
      request: {
        query: z.object({
          asOf: isoDate.optional().openapi({ description: 'The day; default today (UTC)' }),
          by: z.enum(AGING_GROUPS).default('segment'),
        }),
      },
      responses: {
        200: json(
          z
            .object({
              asOf: z.string(),
              by: z.enum(AGING_GROUPS),
              currency: z.string(),
              buckets: z.array(z.enum(AGING_BUCKET_NAMES)),
              payWithin30: z.array(
                z.object({
                  bucket: z.enum(AGING_BUCKET_NAMES),
                  probability: ratio.openapi({ description: 'Paid in full within 30 days once in the bucket' }),
                  history: z.number().int().openapi({ description: 'Invoices the probability is measured on' }),
                }),
              ),
              groups: z.array(agingRow.extend({ key: z.string().nullable() })),
              total: agingRow,
            })
            .openapi('AgingReport'),
          'The buckets, per group and in total',
        ),
        400: errors[400],
        422: errors[422],
      },
    }),
  ),
  kpis: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/kpis',
      tags: ['Reports'],
      summary: 'DSO, best possible DSO, ADD and CEI per month or quarter, in the reporting currency',
      request: {
        query: z.object({
          from: isoDate,
          to: isoDate,
          interval: z.enum(INTERVALS).default('month'),
          segment: z.enum(SEGMENTS).optional(),
        }),
      },
      responses: {
        200: json(z.object({ currency: z.string(), periods: z.array(kpiPeriod) }), 'One row per period'),
        400: errors[400],
        422: errors[422],
      },
    }),
  ),
};

export function reportsRouter(db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.kpis, async (c) => {
    const query = c.req.valid('query');
    const span = daysBetween(query.from, query.to);
    if (span < 0 || span > MAX_DAYS) {
      const message = span < 0 ? 'from must not be after to' : `A report spans at most ${MAX_DAYS} days`;
      throw new DomainError('invalid_request', message, [{ path: 'to', message }]);
    }
    return c.json(await kpiReport(db, query), 200);
  });
  app.openapi(routes.cashForecast, async (c) => {
    const { asOf, weeks } = c.req.valid('query');
    return c.json(await cashForecast(db, asOf ?? new Date().toISOString().slice(0, 10), weeks), 200);
  });
  app.openapi(routes.aging, async (c) => {
    const { asOf, by } = c.req.valid('query');
    return c.json(await agingReport(db, asOf ?? new Date().toISOString().slice(0, 10), by), 200);
  });
  return app;
}
