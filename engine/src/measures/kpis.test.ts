/**
 * KPIs against values computed by hand on a small fixed ledger (docs/measures.md has the same
 * example), through the API, on both databases; the periods a range is cut into; and the refusal
 * to add up currencies without a rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../app';
import { describeEachStore } from '../store/testing';
import { call, expectClientError, get, put, type Json } from '../../test-support/api';
import { kpisOf, periodsOf } from './kpis';

const invoice = (
  invoiceId: string,
  accountId: string,
  issueDate: string,
  dueDate: string,
  amount: number,
  currency = 'EUR',
) => ({
  invoiceId,
  accountId,
  issueDate,
  dueDate,
  amount,
  currency,
  settledDate: null,
  disputed: null,
});

describe('periods and formulas', () => {
  it('cuts a range into calendar months or quarters, the ends cut to the range', () => {
    expect(periodsOf('2026-01-15', '2026-03-10', 'month')).toEqual([
      { start: '2026-01-15', end: '2026-01-31' },
      { start: '2026-02-01', end: '2026-02-28' },
      { start: '2026-03-01', end: '2026-03-10' },
    ]);
    expect(periodsOf('2025-11-01', '2026-04-30', 'quarter')).toEqual([
      { start: '2025-11-01', end: '2025-12-31' },
      { start: '2026-01-01', end: '2026-03-31' },
      { start: '2026-04-01', end: '2026-04-30' },
    ]);
  });

  it('leaves a measure null when its denominator is zero', () => {
    expect(kpisOf({ days: 30, beginningAr: 0, creditSales: 0, endingAr: 0, endingCurrentAr: 0 })).toEqual({
      dso: null,
      bestPossibleDso: null,
      add: null,
      cei: null,
    });
  });
});

describeEachStore('KPIs of a small ledger, computed by hand', (store) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = createEngine(store.database);
    const ledger = await call(engine.app, 'POST', '/v1/ledger/invoices', {
      invoices: [
        invoice('I1', 'ACME', '2026-01-05', '2026-02-04', 1000),
        invoice('I2', 'ACME', '2026-01-10', '2026-02-09', 2000),
        invoice('I3', 'GLOBEX', '2026-01-25', '2026-02-24', 100, 'USD'),
        invoice('I4', 'GLOBEX', '2026-02-10', '2026-03-12', 3000),
        // Due on the last day of February: not yet past due at its end.
        invoice('I5', 'ACME', '2026-02-01', '2026-02-28', 400),
      ],
    });
    expect(ledger.status, ledger.text).toBe(200);
    await call(engine.app, 'POST', '/v1/ledger/payments', {
      payments: [
        { id: 'P1', invoiceId: 'I1', amount: 1000, paidOn: '2026-01-20' },
        { id: 'P2', invoiceId: 'I2', amount: 500, paidOn: '2026-02-15' },
      ],
    });
    await call(engine.app, 'POST', '/v1/ledger/accounts', {
      accounts: [
        { id: 'ACME', segment: 'enterprise' },
        { id: 'GLOBEX', segment: 'small_business' },
      ],
    });
  });
  afterAll(() => engine.close());

  it('refuses to add up EUR and USD until there is a rate', async () => {
    const refused = await get(engine.app, '/v1/reports/kpis?from=2026-01-01&to=2026-02-28');
    expectClientError(refused, 422, 'no_exchange_rate');
    expect(refused.body.error.message).toContain('EUR, USD');
    await put(engine.app, '/v1/settings/fx-rates', { reportingCurrency: 'EUR', rates: { JPY: 0.0062 } });
    const still = await get(engine.app, '/v1/reports/kpis?from=2026-01-01&to=2026-02-28');
    expectClientError(still, 422, 'no_exchange_rate');
    expect(still.body.error.issues).toEqual([{ path: 'rates.USD', message: 'missing' }]);
  });

  it('gives DSO, best possible DSO, ADD and CEI for each month', async () => {
    expect(
      (await put(engine.app, '/v1/settings/fx-rates', { reportingCurrency: 'EUR', rates: { USD: 0.9 } })).status,
    ).toBe(200);
    const report = await get(engine.app, '/v1/reports/kpis?from=2026-01-01&to=2026-02-28&interval=month');
    expect(report.status, report.text).toBe(200);
    expect(report.body.currency).toBe('EUR');
    const [jan, feb] = report.body.periods as Json[];
    // January: I1 paid; I2 (2,000) and I3 (100 USD = 90 EUR) open and not yet due on the 31st.
    expect(jan).toMatchObject({ start: '2026-01-01', end: '2026-01-31', days: 31, beginningAr: 0 });
    expect(jan.creditSales).toBeCloseTo(3090, 9);
    expect(jan.endingAr).toBeCloseTo(2090, 9);
    expect(jan.endingCurrentAr).toBeCloseTo(2090, 9);
    expect(jan.dso).toBeCloseTo((2090 / 3090) * 31, 9);
    expect(jan.bestPossibleDso).toBeCloseTo((2090 / 3090) * 31, 9);
    expect(jan.add).toBeCloseTo(0, 9);
    expect(jan.cei).toBeCloseTo(100, 9);
    // February: I2 part-paid (1,500 left) and I3 now past due; I4 (3,000) and I5 (400, due on the
    // 28th) issued and not yet past due.
    expect(feb).toMatchObject({ start: '2026-02-01', end: '2026-02-28', days: 28 });
    expect(feb.beginningAr).toBeCloseTo(2090, 9);
    expect(feb.creditSales).toBeCloseTo(3400, 9);
    expect(feb.endingAr).toBeCloseTo(4990, 9);
    expect(feb.endingCurrentAr).toBeCloseTo(3400, 9);
    expect(feb.dso).toBeCloseTo((4990 / 3400) * 28, 9); // 41.09
    expect(feb.bestPossibleDso).toBeCloseTo(28, 9);
    expect(feb.add).toBeCloseTo((4990 / 3400) * 28 - 28, 9); // 13.09
    expect(feb.cei).toBeCloseTo((500 / 2090) * 100, 9); // 23.92
  });

  it('reports one segment alone', async () => {
    const small = await get(engine.app, '/v1/reports/kpis?from=2026-02-01&to=2026-02-28&segment=small_business');
    const [feb] = small.body.periods as Json[];
    expect(feb.beginningAr).toBeCloseTo(90, 9);
    expect(feb.creditSales).toBeCloseTo(3000, 9);
    expect(feb.endingAr).toBeCloseTo(3090, 9);
    expect(feb.endingCurrentAr).toBeCloseTo(3000, 9);
  });

  it('refuses a range that runs backwards, and a date that is not one', async () => {
    expectClientError(await get(engine.app, '/v1/reports/kpis?from=2026-03-01&to=2026-02-01'), 400, 'invalid_request');
    expectClientError(await get(engine.app, '/v1/reports/kpis?from=2026-02-30&to=2026-03-01'), 400, 'invalid_request');
  });
});
