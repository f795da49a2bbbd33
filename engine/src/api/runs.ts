/** /v1/runs: review every due open invoice for a day, in chunks any engine process may take (docs/runs.md). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../errors';
import { isoDate } from '../features/inputs';
import { type RunService } from '../runs/service';
import { getRun, listRuns, runProgress, type Executor, type RunRow } from '../store';
import { errors, json, jsonBody } from './schemas';
import { validationHook } from './errors';
import { READ_SCOPES, scoped } from './auth';

const run = z
  .object({
    id: z.string(),
    asOf: z.string(),
    policyId: z.string().nullable(),
    dryRun: z.boolean(),
    trigger: z.enum(['api', 'schedule', 'cli']),
    status: z.enum(['queued', 'running', 'done']),
    invoices: z.number().int().openapi({ description: 'Open invoices on the day; those due for review are decided' }),
    chunks: z.number().int(),
    chunksDone: z.number().int(),
    outcomes: z.record(z.string(), z.number()).openapi({ description: 'Decisions by outcome' }),
    errors: z.object({
      count: z.number().int(),
      first: z.array(z.object({ invoiceId: z.string(), code: z.string(), message: z.string() })),
    }),
    workers: z.record(z.string(), z.number()).openapi({ description: 'Chunks done, by the process that did them' }),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Run');

const tags = ['Runs'];
const routes = {
  start: createRoute(
    scoped('admin', {
      method: 'post',
      path: '/',
      tags,
      summary: 'Start a run: decide every open invoice due for review on the day',
      request: jsonBody(
        z
          .object({
            asOf: isoDate.optional().openapi({ description: 'The day; default today (UTC)' }),
            policyId: z.string().min(1).optional().openapi({ description: 'Default: the default policy' }),
            dryRun: z.boolean().optional().openapi({ description: 'Decide without logging, acting or sending' }),
          })
          .strict(),
      ),
      responses: {
        202: json(z.object({ runId: z.string(), status: z.string(), invoices: z.number().int() }), 'Started'),
        400: errors[400],
        404: errors[404],
        409: errors[409],
      },
    }),
  ),
  get: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'A run: its status, decisions by outcome, errors',
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: json(run, 'The run'), 404: errors[404] },
    }),
  ),
  list: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/',
      tags,
      summary: 'Runs, newest first',
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }) },
      responses: { 200: json(z.object({ items: z.array(run) }), 'Runs'), 400: errors[400] },
    }),
  ),
};

async function view(db: Executor, row: RunRow) {
  const progress = await runProgress(db, row);
  return {
    id: row.id,
    asOf: row.asOf,
    policyId: row.policyId,
    dryRun: row.dryRun,
    trigger: row.trigger as 'api' | 'schedule' | 'cli',
    status: row.status as 'queued' | 'running' | 'done',
    invoices: row.invoices,
    chunks: row.chunks,
    ...progress,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function runsRouter(db: Executor, runs: RunService) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.start, async (c) => {
    const started = await runs.start({ ...c.req.valid('json'), trigger: 'api' });
    return c.json({ runId: started.id, status: started.status, invoices: started.invoices }, 202);
  });
  app.openapi(routes.get, async (c) => {
    const row = await getRun(db, c.req.valid('param').id);
    if (!row) throw new DomainError('run_not_found', `No run ${c.req.valid('param').id}`);
    return c.json(await view(db, row), 200);
  });
  app.openapi(routes.list, async (c) => {
    const rows = await listRuns(db, c.req.valid('query').limit ?? 50);
    return c.json({ items: await Promise.all(rows.map((r) => view(db, r))) }, 200);
  });
  return app;
}
