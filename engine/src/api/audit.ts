/**
 * The audit log (docs/security.md): every successful write through the API, with who made it (the
 * key), what (the operation and the path with its ids), when, and the ids or values before and
 * after. Reads are not recorded, nor are operations that change nothing (validate, simulate);
 * decisions have a log of their own, the decision log, so decide is not repeated here.
 */
import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type MiddlewareHandler } from 'hono';
import { readContactRules } from '../decide/contact-rules';
import { DomainError } from '../errors';
import { readFxRates } from '../measures/fx';
import { readWorklistSettings } from '../measures/worklist';
import { readRunSchedule } from '../runs/schedule';
import { PolicyVersions } from '../versions/service';
import { getDefaultPolicyId, getPolicy, insertAudit, listAudit, type AuditRow, type Executor } from '../store';
import { principalOf, scoped } from './auth';
import { operationOf, type Params } from './operation';
import { validationHook } from './errors';
import { errors, json } from './schemas';

const NOT_WRITES = new Set([
  'POST /v1/policies/{id}/validate',
  'POST /v1/policies/{id}/simulate',
  'POST /v1/policies/{id}/simulate/timeline',
  'POST /v1/decide',
  'POST /v1/decide/batch',
]);

/** At most this many ids of a batch are kept in a row; the count is always kept. */
const IDS_KEPT = 100;

async function activeVersionOf(db: Executor, { id }: Params) {
  const policy = await getPolicy(db, id ?? '');
  return policy && { activeVersion: policy.activeVersion };
}

/** What an operation replaces, read before it runs: the "before" of its audit row. */
const BEFORE: Record<string, (db: Executor, params: Params) => Promise<unknown>> = {
  'PUT /v1/policies/{id}/draft': async (db, { id }) => {
    const policy = await getPolicy(db, id ?? '');
    return policy && { draftRevision: policy.draftRevision };
  },
  'POST /v1/policies/{id}/versions': activeVersionOf,
  'POST /v1/policies/{id}/versions/{version}/activate': activeVersionOf,
  'PUT /v1/settings/default-policy': async (db) => ({ policyId: (await getDefaultPolicyId(db)) ?? null }),
  'PUT /v1/settings/contact-rules': (db) => readContactRules(db),
  'PUT /v1/settings/run-schedule': (db) => readRunSchedule(db),
  'PUT /v1/settings/four-eyes': (db) => new PolicyVersions(db).fourEyes(),
  'PUT /v1/settings/fx-rates': (db) => readFxRates(db),
  'PUT /v1/settings/worklist': (db) => readWorklistSettings(db),
};

/** Ids and small values of an answer (or of a batch's request): what the write produced. */
function summarise(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return body ?? null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'token' || key === 'secret') continue; // never a secret in the log
    if (Array.isArray(value)) {
      const ids = value.map((v) => (v && typeof v === 'object' ? (v.id ?? v.invoiceId ?? v.decisionId) : v));
      out[key] = { count: value.length, ids: ids.filter((id) => typeof id === 'string').slice(0, IDS_KEPT) };
    } else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      if (typeof value !== 'string' || value.length <= 200) out[key] = value;
    }
  }
  return out;
}

export function auditWrites(db: Executor): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const { action, params } = operationOf(c);
    if (NOT_WRITES.has(action)) return next();
    const before = await BEFORE[action]?.(db, params).catch(() => undefined);
    await next();
    if (c.res.status >= 400) return;
    const json = c.res.headers.get('content-type')?.includes('json');
    const answer = json ? await c.res.clone().json() : null;
    // A ledger batch answers with counts; its ids are in the request.
    const request = action.startsWith('POST /v1/ledger/') ? summarise(await c.req.json().catch(() => null)) : undefined;
    const principal = principalOf(c);
    await insertAudit(db, {
      id: randomUUID(),
      actor: principal.id,
      actorName: principal.name,
      action,
      target: c.req.path,
      status: c.res.status,
      before: before ?? null,
      after: request ? { request, answer: summarise(answer) } : summarise(answer),
    });
  };
}

const entry = z
  .object({
    id: z.string(),
    at: z.date(),
    actor: z.string(),
    actorName: z.string(),
    action: z.string(),
    target: z.string(),
    status: z.number().int(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi('AuditEntry');

const routes = {
  list: createRoute(
    scoped('admin', {
      method: 'get',
      path: '/',
      tags: ['Audit'],
      summary: 'Writes made through the API, newest first, with filters',
      request: {
        query: z.object({
          actor: z.string().max(100).optional().openapi({ description: 'A key id' }),
          action: z.string().max(200).optional().openapi({ example: 'POST /v1/policies/{id}/versions' }),
          target: z.string().max(500).optional().openapi({ description: 'A path or its beginning' }),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' }),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(entry), nextCursor: z.string().nullable() }), 'Entries'),
        400: errors[400],
      },
    }),
  ),
};

const cursorOf = (row: AuditRow) => Buffer.from(`${row.at.toISOString()}|${row.id}`).toString('base64url');

function parseCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime()))
    throw new DomainError('invalid_cursor', 'The cursor is not one this server returned');
  return { at: date, id };
}

export function auditRouter(db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const rows = await listAudit(db, {
      actor: q.actor,
      action: q.action,
      target: q.target,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      limit: q.limit + 1,
      before: q.cursor ? parseCursor(q.cursor) : undefined,
    });
    const page = rows.slice(0, q.limit);
    return c.json({ items: page, nextCursor: rows.length > q.limit ? cursorOf(page.at(-1)!) : null }, 200);
  });
  return app;
}
