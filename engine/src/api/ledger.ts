/**
 * /v1/ledger: the system of record collections run on. Accounts, invoices, payments, disputes and
 * promises to pay are upserted by id in batches, all or nothing: sending the same batch twice
 * changes nothing, and a rejected batch writes nothing.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../errors';
import { canonicalInvoiceSchema } from '../ledger/canonical';
import { accountRecord, disputeRecord, paymentRecord, promiseRecord } from '../ledger/records';
import {
  ledgerCounts,
  upsertAccounts,
  upsertDisputes,
  upsertInvoices,
  upsertPayments,
  upsertPromises,
  type Executor,
} from '../store';
import { errors, json, jsonBody } from './schemas';
import { validationHook } from './errors';
import { READ_SCOPES, scoped } from './auth';

export const MAX_IMPORT_ROWS = 10_000;

const counts = z
  .object({
    accounts: z.number().int(),
    invoices: z.number().int(),
    payments: z.number().int(),
    disputes: z.number().int(),
    promises: z.number().int(),
  })
  .openapi('LedgerCounts');

/** Refuses a batch that names one id twice: which of the two would win is not the client's to guess. */
function refuseDuplicates(ids: readonly string[], kind: string, key: 'id' | 'invoiceId') {
  const first = new Map<string, number>();
  const repeated = new Set<string>();
  const issues = ids.flatMap((id, i) => {
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, i);
      return [];
    }
    repeated.add(id);
    return [{ path: `${kind}[${i}].${key}`, message: `${id} is also at ${kind}[${earlier}]` }];
  });
  if (issues.length > 0) {
    throw new DomainError('invalid_request', `The batch names ${[...repeated].join(', ')} more than once`, issues);
  }
}

/** `{ <kind>: [record, ...] }`, at most MAX_IMPORT_ROWS records. */
const batchOf = <K extends string, T extends z.ZodType>(kind: K, record: T) =>
  z.object({ [kind]: z.array(record).max(MAX_IMPORT_ROWS) } as { [P in K]: z.ZodArray<T> }).strict();

const tags = ['Ledger'];
const upsertRoute = <T extends z.ZodObject>(path: string, body: T, summary: string) =>
  createRoute(
    scoped('ledger:write', {
      method: 'post',
      path,
      tags,
      summary,
      request: jsonBody(body),
      responses: {
        200: json(z.object({ upserted: z.number().int(), totals: counts }), 'Upserted'),
        400: errors[400],
        413: errors[413],
        422: errors[422],
      },
    }),
  );

const routes = {
  accounts: upsertRoute(
    '/accounts',
    batchOf('accounts', accountRecord),
    `Insert or update up to ${MAX_IMPORT_ROWS} accounts by id (each replaces the whole record)`,
  ),
  payments: upsertRoute(
    '/payments',
    batchOf('payments', paymentRecord),
    `Insert or update up to ${MAX_IMPORT_ROWS} payments by id; an invoice's payments never exceed its amount`,
  ),
  disputes: upsertRoute(
    '/disputes',
    batchOf('disputes', disputeRecord),
    `Insert or update up to ${MAX_IMPORT_ROWS} disputes by id`,
  ),
  promises: upsertRoute(
    '/promises',
    batchOf('promises', promiseRecord),
    `Insert or update up to ${MAX_IMPORT_ROWS} promises to pay by id`,
  ),
  invoices: createRoute(
    scoped('ledger:write', {
      method: 'post',
      path: '/invoices',
      tags,
      summary: `Insert or update up to ${MAX_IMPORT_ROWS} invoices (canonical format) by id; accounts are created as needed`,
      request: jsonBody(batchOf('invoices', canonicalInvoiceSchema.meta({ id: 'CanonicalInvoice' }))),
      responses: {
        200: json(z.object({ invoices: z.number().int(), newAccounts: z.number().int(), totals: counts }), 'Imported'),
        400: errors[400],
        413: errors[413],
        422: errors[422],
      },
    }),
  ),
  summary: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/',
      tags,
      summary: 'How many records of each kind the ledger holds',
      responses: { 200: json(counts, 'Counts') },
    }),
  ),
};

export function ledgerRouter(db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.invoices, async (c) => {
    const rows = c.req.valid('json').invoices;
    refuseDuplicates(
      rows.map((r) => r.invoiceId),
      'invoices',
      'invoiceId',
    );
    const { invoices, accounts } = await upsertInvoices(db, rows);
    return c.json({ invoices, newAccounts: accounts, totals: await ledgerCounts(db) }, 200);
  });
  app.openapi(routes.accounts, async (c) => {
    const { accounts } = c.req.valid('json');
    refuseDuplicates(
      accounts.map((r) => r.id),
      'accounts',
      'id',
    );
    return c.json({ upserted: await upsertAccounts(db, accounts), totals: await ledgerCounts(db) }, 200);
  });
  app.openapi(routes.payments, async (c) => {
    const { payments } = c.req.valid('json');
    refuseDuplicates(
      payments.map((r) => r.id),
      'payments',
      'id',
    );
    return c.json({ upserted: await upsertPayments(db, payments), totals: await ledgerCounts(db) }, 200);
  });
  app.openapi(routes.disputes, async (c) => {
    const { disputes } = c.req.valid('json');
    refuseDuplicates(
      disputes.map((r) => r.id),
      'disputes',
      'id',
    );
    return c.json({ upserted: await upsertDisputes(db, disputes), totals: await ledgerCounts(db) }, 200);
  });
  app.openapi(routes.promises, async (c) => {
    const { promises } = c.req.valid('json');
    refuseDuplicates(
      promises.map((r) => r.id),
      'promises',
      'id',
    );
    return c.json({ upserted: await upsertPromises(db, promises), totals: await ledgerCounts(db) }, 200);
  });
  app.openapi(routes.summary, async (c) => c.json(await ledgerCounts(db), 200));
  return app;
}
