/** /v1/reports: portfolio measures over the ledger (docs/measures.md). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../errors';
import { daysBetween } from '../features/days';
import { isoDate } from '../features/inputs';
import { INTERVALS, kpiReport } from '../measures/kpis';
import { SEGMENTS } from '../policy';
import { type Executor } from '../store';
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

const routes = {
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
  return app;
}
