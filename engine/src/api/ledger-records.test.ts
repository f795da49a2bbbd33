import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { expectClientError, get, post, type App, type Json } from '../../test-support/api';

const invoice = (id: string, accountId: string, amount: number, settledDate: string | null = null) => ({
  invoiceId: id,
  accountId,
  issueDate: '2026-03-01',
  dueDate: '2026-03-31',
  amount,
  currency: 'EUR',
  settledDate,
  disputed: null,
});

const account = {
  id: 'GLOBEX',
  name: 'Globex GmbH',
  segment: 'enterprise',
  country: 'DE',
  timeZone: 'Europe/Berlin',
  creditLimit: 50000,
  customerSince: '2024-01-01',
  emailAllowed: true,
  smsAllowed: false,
  callAllowed: true,
  doNotContact: false,
  owner: 'ana',
};

describeEachStore('the ledger as system of record', (store) => {
  let app: App;
  const totals = async () => (await get(app, '/v1/ledger')).body;
  /** The facts a logged decision saw. */
  const factsOf = async (decision: Json) => (await get(app, `/v1/decisions/${decision.decisionId}`)).body.facts;
  const decideStored = async (body: Record<string, unknown>) => {
    const reply = await post(app, '/v1/decide', body);
    expect(reply.status, reply.text).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    app = createApp(store.database);
    expect((await post(app, '/v1/ledger/accounts', { accounts: [account] })).status).toBe(200);
    const invoices = [invoice('G-1', 'GLOBEX', 1000), invoice('G-2', 'GLOBEX', 400), invoice('G-3', 'GLOBEX', 900)];
    expect((await post(app, '/v1/ledger/invoices', { invoices })).status).toBe(200);
  });

  describe('upserts', () => {
    it('takes payments, disputes and promises by id, twice without change', async () => {
      const batch = {
        payments: [
          { id: 'P-1', invoiceId: 'G-1', amount: 300, paidOn: '2026-04-05' },
          { id: 'P-2', invoiceId: 'G-1', amount: 200, paidOn: '2026-04-20' },
        ],
      };
      const first = await post(app, '/v1/ledger/payments', batch);
      expect(first.status, first.text).toBe(200);
      expect(first.body.upserted).toBe(2);
      const again = await post(app, '/v1/ledger/payments', batch);
      expect(again.body.totals).toEqual(first.body.totals);
      const disputes = { disputes: [{ id: 'D-1', invoiceId: 'G-2', openedOn: '2026-04-02', reason: 'wrong price' }] };
      expect((await post(app, '/v1/ledger/disputes', disputes)).status).toBe(200);
      const promises = {
        promises: [{ id: 'PR-1', invoiceId: 'G-3', madeOn: '2026-04-03', promisedDate: '2026-04-10' }],
      };
      expect((await post(app, '/v1/ledger/promises', promises)).status).toBe(200);
      expect(await totals()).toMatchObject({ accounts: 1, invoices: 3, payments: 2, disputes: 1, promises: 1 });
    });

    it('refuses one id twice in a batch with a 400 that names it, and writes nothing', async () => {
      const before = await totals();
      const reply = await post(app, '/v1/ledger/payments', {
        payments: [
          { id: 'DUP', invoiceId: 'G-3', amount: 10, paidOn: '2026-04-05' },
          { id: 'OK', invoiceId: 'G-3', amount: 10, paidOn: '2026-04-05' },
          { id: 'DUP', invoiceId: 'G-3', amount: 20, paidOn: '2026-04-06' },
        ],
      });
      expectClientError(reply, 400, 'invalid_request');
      expect(reply.body.error.message).toContain('DUP');
      expect(reply.body.error.issues).toEqual([{ path: 'payments[2].id', message: 'DUP is also at payments[0]' }]);
      const accounts = await post(app, '/v1/ledger/accounts', { accounts: [account, account] });
      expectClientError(accounts, 400, 'invalid_request');
      const invoices = await post(app, '/v1/ledger/invoices', {
        invoices: [invoice('X-1', 'GLOBEX', 5), invoice('X-1', 'GLOBEX', 6)],
      });
      expectClientError(invoices, 400, 'invalid_request');
      expect(invoices.body.error.issues[0].path).toBe('invoices[1].invoiceId');
      expect(await totals()).toEqual(before);
    });

    it('refuses payments above the invoice amount with a 422, and writes none of the batch', async () => {
      const before = await totals();
      // G-1 is 1,000 and 500 is paid: 600 more is too much, even split in two.
      const reply = await post(app, '/v1/ledger/payments', {
        payments: [
          { id: 'P-3', invoiceId: 'G-3', amount: 100, paidOn: '2026-04-05' },
          { id: 'P-4', invoiceId: 'G-1', amount: 300, paidOn: '2026-04-21' },
          { id: 'P-5', invoiceId: 'G-1', amount: 300, paidOn: '2026-04-22' },
        ],
      });
      expectClientError(reply, 422, 'unprocessable_request');
      expect(reply.body.error.issues[0]).toEqual({
        path: 'payments[1].amount',
        message: 'invoice G-1 is 1000 but payments total 1100',
      });
      expect(await totals()).toEqual(before);
      // Replacing a payment by id counts it once.
      const replaced = await post(app, '/v1/ledger/payments', {
        payments: [{ id: 'P-2', invoiceId: 'G-1', amount: 700, paidOn: '2026-04-20' }],
      });
      expect(replaced.status, replaced.text).toBe(200);
      await post(app, '/v1/ledger/payments', {
        payments: [{ id: 'P-2', invoiceId: 'G-1', amount: 200, paidOn: '2026-04-20' }],
      });
    });

    it('refuses records that name unknown invoices or make no sense, with a 422 naming each', async () => {
      const before = await totals();
      const unknown = await post(app, '/v1/ledger/payments', {
        payments: [{ id: 'P-9', invoiceId: 'NOPE', amount: 1, paidOn: '2026-04-01' }],
      });
      expectClientError(unknown, 422, 'unprocessable_request');
      expect(unknown.body.error.issues).toEqual([
        { path: 'payments[0].invoiceId', message: 'invoice NOPE is not in the ledger' },
      ]);
      const early = await post(app, '/v1/ledger/payments', {
        payments: [{ id: 'P-9', invoiceId: 'G-3', amount: 1, paidOn: '2026-02-01' }],
      });
      expectClientError(early, 422, 'unprocessable_request');
      const resolved = await post(app, '/v1/ledger/disputes', {
        disputes: [{ id: 'D-9', invoiceId: 'G-3', openedOn: '2026-04-10', resolvedOn: '2026-04-01', reason: 'x' }],
      });
      expectClientError(resolved, 422, 'unprocessable_request');
      const promise = await post(app, '/v1/ledger/promises', {
        promises: [{ id: 'PR-9', invoiceId: 'G-3', madeOn: '2026-04-10', promisedDate: '2026-04-01' }],
      });
      expectClientError(promise, 422, 'unprocessable_request');
      // Nothing is disputed or promised before the invoice exists.
      const disputedEarly = await post(app, '/v1/ledger/disputes', {
        disputes: [{ id: 'D-9', invoiceId: 'G-3', openedOn: '2026-02-01', reason: 'x' }],
      });
      expectClientError(disputedEarly, 422, 'unprocessable_request');
      expect(disputedEarly.body.error.issues).toEqual([
        { path: 'disputes[0].openedOn', message: 'dispute D-9 is dated before invoice G-3 was issued' },
      ]);
      const promisedEarly = await post(app, '/v1/ledger/promises', {
        promises: [{ id: 'PR-9', invoiceId: 'G-3', madeOn: '2026-02-01', promisedDate: '2026-02-01' }],
      });
      expectClientError(promisedEarly, 422, 'unprocessable_request');
      expect(promisedEarly.body.error.issues).toEqual([
        { path: 'promises[0].madeOn', message: 'promise PR-9 is dated before invoice G-3 was issued' },
      ]);
      const lowered = await post(app, '/v1/ledger/invoices', { invoices: [invoice('G-1', 'GLOBEX', 400)] });
      expectClientError(lowered, 422, 'unprocessable_request');
      expect(await totals()).toEqual(before);
    });

    it('checks each record against its schema: a bad time zone, an unknown field, a negative payment', async () => {
      const tz = await post(app, '/v1/ledger/accounts', { accounts: [{ ...account, timeZone: 'Mars/Olympus' }] });
      expectClientError(tz, 400, 'invalid_request');
      expect(tz.body.error.issues[0].path).toBe('accounts.0.timeZone');
      expectClientError(
        await post(app, '/v1/ledger/payments', {
          payments: [{ id: 'N', invoiceId: 'G-3', amount: -5, paidOn: '2026-04-01' }],
        }),
        400,
        'invalid_request',
      );
      expectClientError(
        await post(app, '/v1/ledger/disputes', {
          disputes: [{ id: 'D', invoiceId: 'G-3', openedOn: '2026-04-01', reason: 'x', at: 1 }],
        }),
        400,
        'invalid_request',
      );
    });
  });

  describe('deciding from the store', () => {
    it('decides an invoice named by id, with facts as the ledger knew them at asOf', async () => {
      // G-1: 1,000, paid 300 on 04-05 and 200 on 04-20.
      const before = await factsOf(await decideStored({ invoiceId: 'G-1', asOf: '2026-04-04' }));
      expect(before).toMatchObject({ amount: 1000, openAmount: 1000, segment: 'enterprise', country: 'DE' });
      expect(before).toMatchObject({ emailAllowed: true, smsAllowed: false, callAllowed: true, creditLimit: 50000 });
      const between = await factsOf(await decideStored({ invoiceId: 'G-1', asOf: '2026-04-05' }));
      expect(between.openAmount).toBe(700);
      const after = await factsOf(await decideStored({ invoiceId: 'G-1', asOf: '2026-05-01' }));
      expect(after.openAmount).toBe(500);
    });

    it('knows a dispute while it is open and a promise from the day it was made', async () => {
      const disputedBefore = await factsOf(await decideStored({ invoiceId: 'G-2', asOf: '2026-04-01' }));
      // Before the dispute opened, the invoice's own flag, unknown here: the dispute recorded since does not
      // change what that day knew (a decision made then read it as unknown).
      expect(disputedBefore.disputed).toBeUndefined();
      const disputed = await factsOf(await decideStored({ invoiceId: 'G-2', asOf: '2026-04-02' }));
      expect(disputed.disputed).toBe(true);
      await post(app, '/v1/ledger/disputes', {
        disputes: [{ id: 'D-1', invoiceId: 'G-2', openedOn: '2026-04-02', resolvedOn: '2026-04-15', reason: 'fixed' }],
      });
      expect((await factsOf(await decideStored({ invoiceId: 'G-2', asOf: '2026-04-14' }))).disputed).toBe(true);
      expect((await factsOf(await decideStored({ invoiceId: 'G-2', asOf: '2026-04-15' }))).disputed).toBe(false);

      const noPromise = await factsOf(await decideStored({ invoiceId: 'G-3', asOf: '2026-04-02' }));
      expect(noPromise).toMatchObject({ promiseActive: false, promiseBroken: false });
      const promised = await decideStored({ invoiceId: 'G-3', asOf: '2026-04-03' });
      expect(await factsOf(promised)).toMatchObject({ promiseActive: true, promiseBroken: false });
      expect(promised).toMatchObject({ outcome: 'stop', reason: 'promise_active' });
      const broken = await factsOf(await decideStored({ invoiceId: 'G-3', asOf: '2026-04-11' }));
      expect(broken).toMatchObject({ promiseActive: false, promiseBroken: true });
    });

    it('lets fields sent inline override the store\u2019s', async () => {
      const overridden = await decideStored({
        invoiceId: 'G-1',
        asOf: '2026-04-04',
        invoice: { disputed: true },
        account: { id: 'GLOBEX', emailAllowed: false },
      });
      expect(await factsOf(overridden)).toMatchObject({ disputed: true, emailAllowed: false, openAmount: 1000 });
      expect(overridden).toMatchObject({ outcome: 'stop', reason: 'disputed' });
      const logged = (await get(app, `/v1/decisions/${overridden.decisionId}`)).body.request;
      expect(logged.invoice).toMatchObject({ id: 'G-1', amount: 1000, openAmount: 1000, disputed: true });
    });

    it('answers 404 for an invoice the ledger does not hold, and 4xx for a request it cannot complete', async () => {
      expectClientError(
        await post(app, '/v1/decide', { invoiceId: 'NOPE', asOf: '2026-04-01' }),
        404,
        'invoice_not_found',
      );
      const mismatch = await post(app, '/v1/decide', { invoiceId: 'G-1', invoice: { id: 'G-2' }, asOf: '2026-04-01' });
      expectClientError(mismatch, 422, 'unprocessable_request');
      const neither = await post(app, '/v1/decide', { asOf: '2026-04-01' });
      expectClientError(neither, 400, 'invalid_request');
      const partial = await post(app, '/v1/decide', { invoice: { id: 'X', accountId: 'A' }, asOf: '2026-04-01' });
      expectClientError(partial, 400, 'invalid_request');
      expect(partial.body.error.issues.map((i: Json) => i.path)).toContain('invoice.amount');
      const batch = await post(app, '/v1/decide/batch', {
        items: [
          { invoiceId: 'G-1', asOf: '2026-04-04', dryRun: true },
          { invoiceId: 'NOPE', asOf: '2026-04-04' },
        ],
      });
      expect(batch.status, batch.text).toBe(200);
      expect(batch.body.results[0].ok).toBe(true);
      expect(batch.body.results[1]).toMatchObject({ ok: false, error: { code: 'invoice_not_found' } });
    });
  });
});
