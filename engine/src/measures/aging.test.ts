/**
 * Aging on a small fixed ledger, against figures computed by hand (docs/measures.md): four open
 * invoices, one in each of four buckets, and twenty paid ones whose history gives the probability
 * of being paid within 30 days once in a bucket.
 */
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../app';
import { describeEachStore } from '../store/testing';
import { call, expectClientError, get, put, type App, type Json } from '../../test-support/api';

const AS_OF = '2026-06-30';
const invoice = (id: string, account: string, issueDate: string, dueDate: string, amount: number, extra = {}) => ({
  invoiceId: id,
  accountId: account,
  issueDate,
  dueDate,
  amount,
  currency: 'EUR',
  settledDate: null,
  disputed: null,
  ...extra,
});

describeEachStore('aging', (store) => {
  let app: App;
  const aging = async (query = ''): Promise<Json> => {
    const reply = await get(app, `/v1/reports/aging?asOf=${AS_OF}${query}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    app = createApp(store.database);
    await call(app, 'POST', '/v1/ledger/accounts', {
      accounts: [
        { id: 'ENT', segment: 'enterprise' },
        { id: 'SMB', segment: 'small_business' },
        { id: 'OLD', segment: 'mid_market' },
      ],
    });
    const history = Array.from({ length: 20 }, (_, i) =>
      invoice(`H${i}`, 'OLD', '2026-01-01', '2026-01-31', 100, { settledDate: i < 15 ? '2026-01-20' : '2026-03-15' }),
    );
    const ledger = await call(app, 'POST', '/v1/ledger/invoices', {
      invoices: [
        ...history,
        invoice('I1', 'ENT', '2026-06-15', '2026-07-15', 1000), // current
        invoice('I2', 'SMB', '2026-05-21', '2026-06-20', 500), // 10 days past due, 300 open
        invoice('I3', 'ENT', '2026-04-01', '2026-05-01', 2000, { currency: 'USD' }), // 60 days
        invoice('I4', 'SMB', '2026-01-30', '2026-03-01', 400), // 121 days
      ],
    });
    expect(ledger.status, ledger.text).toBe(200);
    await call(app, 'POST', '/v1/ledger/payments', {
      payments: [{ id: 'P2', invoiceId: 'I2', amount: 200, paidOn: '2026-06-25' }],
    });
  });

  it('asks for exchange rates before it adds currencies up', async () => {
    expectClientError(await get(app, `/v1/reports/aging?asOf=${AS_OF}`), 422, 'no_exchange_rate');
    await put(app, '/v1/settings/fx-rates', { reportingCurrency: 'EUR', rates: { USD: 0.9 } });
  });

  it('measures from the history the probability of being paid within 30 days once in a bucket', async () => {
    const { payWithin30 } = await aging();
    // Entering "current" (issued) in the year up to 30 days before: the 20 paid invoices, I2, I3 and I4;
    // 15 paid within 30 days of issue. 1–30 (due + 1): the 5 still open then, I3 and I4, none paid in 30
    // days. 31–60 (due + 31): those 5, all paid on 03-15, and I4. 61–90 and 91+: I4 alone.
    expect(payWithin30).toEqual([
      { bucket: 'current', probability: 15 / 23, history: 23 },
      { bucket: '1-30', probability: null, history: 7 },
      { bucket: '31-60', probability: null, history: 6 },
      { bucket: '61-90', probability: null, history: 1 },
      { bucket: '91+', probability: null, history: 1 },
    ]);
  });

  it('buckets what is open by segment, in the reporting currency, with the collections to expect', async () => {
    const report = await aging('&by=segment');
    expect(report).toMatchObject({ asOf: AS_OF, by: 'segment', currency: 'EUR' });
    const cells = (row: Json) => row.cells.map((c: Json) => [c.bucket, c.invoices, c.openAmount, c.expected30]);
    const [enterprise, small] = report.groups;
    expect(enterprise.key).toBe('enterprise');
    expect(cells(enterprise)).toEqual([
      ['current', 1, 1000, 652.17],
      ['1-30', 0, 0, null],
      ['31-60', 1, 1800, null],
      ['61-90', 0, 0, null],
      ['91+', 0, 0, null],
    ]);
    expect(enterprise).toMatchObject({ invoices: 2, openAmount: 2800, expected30: null });
    expect(small.key).toBe('small_business');
    expect(cells(small).filter((c: Json[]) => c[1] > 0)).toEqual([
      ['1-30', 1, 300, null],
      ['91+', 1, 400, null],
    ]);
    expect(report.total).toMatchObject({ invoices: 4, openAmount: 3500, expected30: null });
  });

  it('groups by currency or owner, and refuses an unknown grouping', async () => {
    const byCurrency = await aging('&by=currency');
    expect(byCurrency.groups.map((g: Json) => [g.key, g.openAmount])).toEqual([
      ['EUR', 1700],
      ['USD', 1800],
    ]);
    const byOwner = await aging('&by=owner');
    expect(byOwner.groups.map((g: Json) => [g.key, g.invoices])).toEqual([[null, 4]]);
    expectClientError(await get(app, '/v1/reports/aging?by=region'), 400, 'invalid_request');
    expectClientError(await get(app, '/v1/reports/aging?asOf=June'), 400, 'invalid_request');
  });
});
