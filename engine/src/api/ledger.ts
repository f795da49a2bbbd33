/** /v1/ledger: the invoice history decide derives account facts from, imported idempotently. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { canonicalInvoiceSchema } from '../ledger/canonical';
import { ledgerCounts, upsertInvoices, type Executor } from '../store';
import { errors, json, jsonBody } from './schemas';
import { validationHook } from './errors';

export const MAX_IMPORT_ROWS = 10_000;

const tags = ['Ledger'];
const routes = {
  importInvoices: createRoute({
    method: 'post',
    path: '/invoices',
    tags,
    summary: `Insert or update up to ${MAX_IMPORT_ROWS} invoices (canonical format) by id; accounts are created as needed`,
    request: jsonBody(
      z
        .object({ invoices: z.array(canonicalInvoiceSchema.meta({ id: 'CanonicalInvoice' })).max(MAX_IMPORT_ROWS) })
        .strict(),
    ),
    responses: {
      200: json(
        z.object({
          invoices: z.number().int(),
          newAccounts: z.number().int(),
          totals: z.object({ accounts: z.number(), invoices: z.number() }),
        }),
        'Imported',
      ),
      400: errors[400],
      413: errors[413],
    },
  }),
  summary: createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'How many accounts and invoices the ledger holds',
    responses: { 200: json(z.object({ accounts: z.number(), invoices: z.number() }), 'Counts') },
  }),
};

export function ledgerRouter(db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.importInvoices, async (c) => {
    const { invoices, accounts } = await upsertInvoices(db, c.req.valid('json').invoices);
    return c.json({ invoices, newAccounts: accounts, totals: await ledgerCounts(db) }, 200);
  });
  app.openapi(routes.summary, async (c) => c.json(await ledgerCounts(db), 200));
  return app;
}
