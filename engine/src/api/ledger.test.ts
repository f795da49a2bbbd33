import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { type CanonicalInvoice } from '../ledger/canonical';
import { expectClientError, get, post, type App } from '../../test-support/api';

const invoice = (
  id: string,
  issueDate: string,
  dueDate: string,
  settledDate: string | null,
  amount = 1000,
): CanonicalInvoice => ({
  invoiceId: id,
  accountId: 'ACME',
  issueDate,
  dueDate,
  amount,
  currency: 'USD',
  settledDate,
  disputed: false,
  paperless: null,
  extra: {},
});

// ACME's ledger: two paid late (5 and 10 days), one paid early (2 days), one still open.
const ledger = [
  invoice('L1', '2026-01-01', '2026-01-31', '2026-02-05'),
  invoice('L2', '2026-02-01', '2026-03-03', '2026-03-13'),
  invoice('L3', '2026-03-01', '2026-03-31', '2026-03-29'),
  invoice('L4', '2026-04-01', '2026-05-01', null, 2500),
];

describeEachStore('ledger import and point-in-time account facts', (store) => {
  let app: App;
  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    app = createApp(store.database);
  });

  it('imports idempotently: the same rows twice leave the same ledger', async () => {
    const first = await post(app, '/v1/ledger/invoices', { invoices: ledger });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ invoices: 4, newAccounts: 1, totals: { accounts: 1, invoices: 4 } });
    const again = await post(app, '/v1/ledger/invoices', { invoices: ledger });
    expect(again.body).toMatchObject({ invoices: 4, newAccounts: 0, totals: { accounts: 1, invoices: 4 } });
    expect((await get(app, '/v1/ledger')).body).toEqual({
      accounts: 1,
      invoices: 4,
      payments: 3,
      disputes: 0,
      promises: 0,
    });
  });

  it('updates an invoice by id when it is imported again with a payment', async () => {
    await post(app, '/v1/ledger/invoices', { invoices: [{ ...ledger[3]!, invoiceId: 'L5', settledDate: null }] });
    await post(app, '/v1/ledger/invoices', {
      invoices: [{ ...ledger[3]!, invoiceId: 'L5', settledDate: '2026-06-20' }],
    });
    // The settlement date stands for one payment in full.
    expect((await get(app, '/v1/ledger')).body).toEqual({
      accounts: 1,
      invoices: 5,
      payments: 4,
      disputes: 0,
      promises: 0,
    });
  });

  it('derives account facts from invoices settled before asOf only', async () => {
    // At 2026-03-20 only L1 (+5) and L2 (+10) are settled.
    const logged = await post(app, '/v1/decide', {
      invoice: {
        id: 'NEW2',
        accountId: 'ACME',
        amount: 500,
        currency: 'USD',
        issueDate: '2026-03-15',
        dueDate: '2026-04-14',
      },
      asOf: '2026-03-20',
    });
    const seen = (await get(app, `/v1/decisions/${logged.body.decisionId}`)).body.facts;
    expect(seen).toMatchObject({ settledInvoiceCount: 2, lateRate: 1, avgDaysLate: 7.5, daysSinceLastPayment: 7 });
    // Open at 2026-03-20: L3, L4 not yet issued -> L3 (issued 03-01) is open, plus this invoice.
    expect(seen.openInvoiceCount).toBe(2);
    expect(seen.openBalance).toBe(1500);
  });

  it('lets account facts sent inline override the ledger', async () => {
    const later = await post(app, '/v1/decide', {
      invoice: {
        id: 'NEW3',
        accountId: 'ACME',
        amount: 500,
        currency: 'USD',
        issueDate: '2026-04-10',
        dueDate: '2026-05-10',
      },
      account: { id: 'ACME', lateRate: 0.1 },
      asOf: '2026-04-15',
    });
    const seen = (await get(app, `/v1/decisions/${later.body.decisionId}`)).body.facts;
    expect(seen.lateRate).toBe(0.1);
    // Three settled by then: +5, +10, -2.
    expect(seen.settledInvoiceCount).toBe(3);
    expect(seen.avgDaysLate).toBe(5);
  });

  it('rejects malformed ledger rows with their path and imports nothing', async () => {
    const before = (await get(app, '/v1/ledger')).body;
    const bad = await post(app, '/v1/ledger/invoices', {
      invoices: [
        { ...ledger[0]!, invoiceId: 'X1' },
        { ...ledger[0]!, invoiceId: 'X2', issueDate: '2026-13-01' },
      ],
    });
    expectClientError(bad, 400, 'invalid_request');
    expect(bad.body.error.issues[0].path).toBe('invoices.1.issueDate');
    expect((await get(app, '/v1/ledger')).body).toEqual(before);
  });
});
