/**
 * The cash forecast on a small fixed ledger, against figures computed by hand (docs/measures.md):
 * twenty paid invoices and one more give the weekly payment curve of a newly issued invoice; one
 * invoice is open at the day, another was open two weeks before and was paid since.
 */
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../app';
import { describeEachStore } from '../store/testing';
import { call, expectClientError, get, type App, type Json } from '../../test-support/api';

const AS_OF = '2026-06-30';
const Z90 = 1.2815515655446004;
const cents = (v: number) => Math.round(v * 100) / 100;
const invoice = (id: string, issueDate: string, dueDate: string, amount: number, settledDate: string | null) => ({
  invoiceId: id,
  accountId: 'ACME',
  issueDate,
  dueDate,
  amount,
  currency: 'EUR',
  settledDate,
  disputed: null,
});

describeEachStore('cash forecast', (store) => {
  let app: App;
  const forecast = async (query = ''): Promise<Json> => {
    const reply = await get(app, `/v1/reports/cash-forecast?asOf=${AS_OF}&weeks=2${query}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    app = createApp(store.database);
    const history = Array.from({ length: 20 }, (_, i) =>
      // 10 paid 3 days after issue (week 1), 5 after 10 days (week 2), 5 long after.
      invoice(`H${i}`, '2026-03-02', '2026-04-01', 100, i < 10 ? '2026-03-05' : i < 15 ? '2026-03-12' : '2026-05-20'),
    );
    const ledger = await call(app, 'POST', '/v1/ledger/invoices', {
      invoices: [
        ...history,
        invoice('I0', '2026-06-10', '2026-07-10', 400, '2026-06-20'), // open two weeks before, paid 10 days after issue
        invoice('I1', '2026-06-20', '2026-07-20', 1000, null), // open at the day
      ],
    });
    expect(ledger.status, ledger.text).toBe(200);
  });

  it('expects each week what the payment curve of the open invoices’ buckets gives, with a P10–P90 band', async () => {
    const report = await forecast();
    // Issued in the year up to two weeks before: the 20 and I0; 10 paid in their first week, 6 in their second.
    const [w1, w2] = [10 / 21, 6 / 21];
    expect(report.curves[0]).toEqual({ bucket: 'current', history: 21, paidByWeek: [w1, w2] });
    expect(report.curves.slice(1).map((c: Json) => c.paidByWeek)).toEqual([null, null, null, null]);
    const band = (amount: number, p: number) => {
      const sd = Math.sqrt(amount * amount * p * (1 - p));
      return {
        expected: cents(amount * p),
        p10: cents(Math.max(0, amount * p - Z90 * sd)),
        p90: cents(amount * p + Z90 * sd),
      };
    };
    expect(report.forecast).toEqual([
      { week: 1, from: '2026-07-01', to: '2026-07-07', ...band(1000, w1) },
      { week: 2, from: '2026-07-08', to: '2026-07-14', ...band(1000, w2) },
    ]);
    expect(report.unforecast).toEqual({ invoices: 0, openAmount: 0 });
  });

  it('sets the forecast made two weeks before against what was then collected', async () => {
    const { backtest } = await forecast();
    // At 06-16 only the 20 were known: 10 and 5 of 20 paid in weeks 1 and 2. I0 (400) was open; paid on 06-20.
    expect(backtest).toMatchObject({
      origin: '2026-06-16',
      totalExpected: 300,
      totalCollected: 400,
      totalError: -0.25,
      meanAbsoluteError: 150,
      bandCoverage: 1,
    });
    expect(backtest.weeks.map((w: Json) => [w.week, w.from, w.expected, w.collected])).toEqual([
      [1, '2026-06-17', 200, 400],
      [2, '2026-06-24', 100, 0],
    ]);
  });

  it('refuses weeks out of range', async () => {
    expectClientError(await get(app, '/v1/reports/cash-forecast?weeks=0'), 400, 'invalid_request');
    expectClientError(await get(app, '/v1/reports/cash-forecast?weeks=27'), 400, 'invalid_request');
    const thirteen = await get(app, `/v1/reports/cash-forecast?asOf=${AS_OF}`);
    expect(thirteen.body.forecast).toHaveLength(13);
  });
});
