import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountLedger, type LedgerInvoice } from './history';
import {
  encodeFeatures,
  fitEncodings,
  NUMERIC_FEATURES,
  type FeatureEncoding,
  type ModelInput,
} from './model-features';

/*
 * One account, worked by hand (2026: January 31 days, February 28):
 *   A issued 01-01 due 01-31 amount 100 paid 01-29  -> 2 days early (delay -2), not disputed
 *   B issued 01-10 due 02-09 amount 200 paid 02-14  -> 5 days late, disputed
 *   C issued 02-01 due 03-03 amount 300 paid 03-13  -> 10 days late, not disputed
 *   D issued 02-20 due 03-22 amount 400 open
 *   E issued 03-01 due 03-31 amount 500 paid 03-05 (the invoice being scored)
 */
const inv = (
  invoiceId: string,
  issueDate: string,
  dueDate: string,
  amount: number,
  settledDate: string | null,
  disputed: boolean | null,
): LedgerInvoice => ({
  invoiceId,
  issueDate,
  dueDate,
  amount,
  settledDate,
  disputed,
});
const A = inv('A', '2026-01-01', '2026-01-31', 100, '2026-01-29', false);
const B = inv('B', '2026-01-10', '2026-02-09', 200, '2026-02-14', true);
const C = inv('C', '2026-02-01', '2026-03-03', 300, '2026-03-13', false);
const D = inv('D', '2026-02-20', '2026-03-22', 400, null, null);
const E = inv('E', '2026-03-01', '2026-03-31', 500, '2026-03-05', false);
const ledger = new AccountLedger([E, C, A, D, B]);

describe('AccountLedger.at', () => {
  it('gives an open balance that does not depend on the order of the invoices, with the scored one left out as if never there', () => {
    const amount = fc.oneof(
      fc.integer({ min: 1, max: 10_000_000 }).map((cents) => cents / 100),
      fc.double({ min: 0.01, max: 1e9, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 60 }), fc.nat(), fc.nat(), (amounts, pick, seed) => {
        const invoices = amounts.map((a, i) => inv(`I${i}`, '2026-01-01', '2026-02-01', a, null, null));
        const scored = `I${pick % amounts.length}`;
        const shuffled = [...invoices].sort(
          (x, y) => ((x.amount * 7919 + seed) % 13) - ((y.amount * 7919 + seed) % 13),
        );
        const withIt = new AccountLedger(invoices).at('2026-03-01', scored);
        const reordered = new AccountLedger(shuffled).at('2026-03-01', scored);
        const without = new AccountLedger(invoices.filter((i) => i.invoiceId !== scored)).at('2026-03-01');
        expect(reordered.openBalance).toBe(withIt.openBalance);
        expect(withIt.openBalance).toBe(without.openBalance);
        expect(withIt.openInvoiceCount).toBe(amounts.length - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('summarises the invoices settled strictly before asOf, leaving the scored invoice out of the open ones', () => {
    const h = ledger.at('2026-03-01', 'E');
    expect(h.settledCount).toBe(2); // A and B; C is paid later
    expect(h.lateRate).toBe(0.5); // B of A, B
    expect(h.avgDaysLate).toBe(2.5); // (0 + 5) / 2
    expect(h.meanDelay).toBe(1.5); // (-2 + 5) / 2
    expect(h.lastDelay).toBe(5); // B, paid 02-14 after A
    expect(h.daysSinceLastPayment).toBe(15); // 02-14 -> 03-01
    expect(h.recentDelay).toBeCloseTo(0.3 * 5 + 0.7 * -2, 12); // 0.1
    expect(h.delaySpread).toBeCloseTo(3.5, 12); // population sd of {-2, 5}
    expect(h.disputeRate).toBe(0.5);
    expect(h.openInvoiceCount).toBe(2); // C (paid 03-13) and D; not E
    expect(h.openBalance).toBe(700);
    expect(h.tenureDays).toBe(59); // 01-01 -> 03-01
  });

  it('averages the delay of invoices sent the same way as the scored one', () => {
    const sent = new AccountLedger([
      { ...A, paperless: true },
      { ...B, paperless: false },
      { ...C, paperless: true },
    ]);
    expect(sent.at('2026-04-01', undefined, { paperless: true }).sameChannelDelay).toBe(4); // A -2, C +10
    expect(sent.at('2026-04-01', undefined, { paperless: false }).sameChannelDelay).toBe(5); // B
    expect(sent.at('2026-04-01').sameChannelDelay).toBeUndefined();
    expect(sent.at('2026-04-01').medianDelay).toBe(5); // median of {-2, 5, 10}
  });

  it('counts the scored invoice as open when it is not excluded', () => {
    const h = ledger.at('2026-03-01');
    expect(h.openInvoiceCount).toBe(3);
    expect(h.openBalance).toBe(1_200);
  });

  it('does not count a payment made on the asOf day itself', () => {
    const onTheDay = ledger.at('2026-02-14');
    expect(onTheDay.settledCount).toBe(1);
    expect(onTheDay.lateRate).toBe(0);
    expect(onTheDay.avgDaysLate).toBe(0);
    expect(onTheDay.meanDelay).toBe(-2);
    expect(onTheDay.lastDelay).toBe(-2);
    expect(onTheDay.daysSinceLastPayment).toBe(16); // 01-29 -> 02-14
    expect(onTheDay.delaySpread).toBe(0);
    expect(onTheDay.disputeRate).toBe(0);
    expect(onTheDay.openInvoiceCount).toBe(2); // B (paid that day) and C
    expect(onTheDay.openBalance).toBe(500);

    const dayAfter = ledger.at('2026-02-15');
    expect(dayAfter.settledCount).toBe(2);
    expect(dayAfter.openInvoiceCount).toBe(1);
    expect(dayAfter.daysSinceLastPayment).toBe(1);
  });

  it('uses all settled invoices once everything is paid', () => {
    const h = ledger.at('2026-04-01');
    expect(h.settledCount).toBe(4); // A, B, E (03-05), C (03-13)
    // delays: A -2, B +5, E 03-05 vs due 03-31 = -26, C +10; ordered by payment day: A, B, E, C
    expect(h.lateRate).toBe(0.5);
    expect(h.avgDaysLate).toBe(15 / 4);
    expect(h.meanDelay).toBe((-2 + 5 - 26 + 10) / 4);
    expect(h.lastDelay).toBe(10);
    expect(h.daysSinceLastPayment).toBe(19); // 03-13 -> 04-01
    const r = [5, -26, 10].reduce((acc, d) => 0.3 * d + 0.7 * acc, -2);
    expect(h.recentDelay).toBeCloseTo(r, 12);
    expect(h.disputeRate).toBe(0.25);
    expect(h.openInvoiceCount).toBe(1); // D
    expect(h.openBalance).toBe(400);
  });

  it('is a cold start before the first payment: settledCount 0 and no statistics', () => {
    const h = ledger.at('2026-01-15', 'B');
    expect(h).toEqual({ settledCount: 0, openInvoiceCount: 1, openBalance: 100, tenureDays: 14 });
    for (const key of [
      'lateRate',
      'avgDaysLate',
      'meanDelay',
      'lastDelay',
      'recentDelay',
      'delaySpread',
      'daysSinceLastPayment',
      'disputeRate',
    ] as const) {
      expect(h[key], key).toBeUndefined();
    }
  });

  it('knows nothing before the first invoice', () => {
    expect(ledger.at('2025-12-31')).toEqual({
      settledCount: 0,
      openInvoiceCount: 0,
      openBalance: 0,
      tenureDays: undefined,
    });
    expect(new AccountLedger([]).at('2026-01-01')).toEqual({
      settledCount: 0,
      openInvoiceCount: 0,
      openBalance: 0,
      tenureDays: undefined,
    });
  });

  it('counts an invoice issued on the asOf day and the scored invoice in the tenure', () => {
    const h = ledger.at('2026-01-01', 'A');
    expect(h.openInvoiceCount).toBe(0);
    expect(h.tenureDays).toBe(0);
    expect(ledger.at('2026-01-01').openInvoiceCount).toBe(1);
  });

  it('takes the calendar day of an instant in UTC', () => {
    expect(ledger.at(new Date('2026-03-01T23:59:59Z'), 'E')).toEqual(ledger.at('2026-03-01', 'E'));
    expect(ledger.at(new Date('2026-02-14T00:00:00Z'))).toEqual(ledger.at('2026-02-14'));
    expect(ledger.at('2026-02-14T18:00:00Z')).toEqual(ledger.at('2026-02-14'));
  });

  it('leaves disputeRate undefined when no settled invoice says whether it was disputed', () => {
    const unknown = new AccountLedger([
      { ...A, disputed: null },
      { ...B, disputed: null },
    ]);
    expect(unknown.at('2026-03-01').disputeRate).toBeUndefined();
    const mixed = new AccountLedger([{ ...A, disputed: null }, B]);
    expect(mixed.at('2026-03-01').disputeRate).toBe(1);
  });

  it('does not depend on the order of the input, even for payments on the same day', () => {
    const sameDay = [
      inv('X2', '2026-01-01', '2026-01-10', 10, '2026-01-20', false), // +10
      inv('X1', '2026-01-05', '2026-01-25', 20, '2026-01-20', false), // -5
      inv('X3', '2026-01-02', '2026-01-12', 30, '2026-01-20', true), // +8
    ];
    const forward = new AccountLedger(sameDay).at('2026-02-01');
    expect(new AccountLedger([...sameDay].reverse()).at('2026-02-01')).toEqual(forward);
    expect(new AccountLedger([sameDay[1]!, sameDay[2]!, sameDay[0]!]).at('2026-02-01')).toEqual(forward);
    // Ties are ordered by invoice id: X3 is the last payment.
    expect(forward.lastDelay).toBe(8);
  });
});

describe('encodeFeatures', () => {
  const input = (history: ModelInput['history'], over: Partial<ModelInput['invoice']> = {}): ModelInput => ({
    invoice: {
      amount: 500,
      currency: 'EUR',
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      disputed: false,
      paperless: null,
      promiseToPayDate: '2026-03-12',
      ...over,
    },
    asOf: '2026-03-10',
    history,
    stepsTaken: 2,
  });
  const encodings: FeatureEncoding[] = [
    ...NUMERIC_FEATURES.map((f): FeatureEncoding => ({ name: f.name, kind: 'numeric', impute: -7 })),
    { name: 'currency=EUR', kind: 'category', source: 'currency', value: 'EUR' },
    { name: 'currency=USD', kind: 'category', source: 'currency', value: 'USD' },
    { name: 'dueWeekday=2', kind: 'category', source: 'dueWeekday', value: '2' },
    { name: 'dueWeekday=6', kind: 'category', source: 'dueWeekday', value: '6' },
  ];
  const at = (row: Float32Array, name: string) => row[encodings.findIndex((e) => e.name === name)]!;

  it('encodes the invoice and its account history as of the scoring date', () => {
    const { vector, imputed } = encodeFeatures(input(ledger.at('2026-03-01', 'E')), encodings);
    expect(vector).toHaveLength(encodings.length);
    expect(at(vector, 'logAmount')).toBeCloseTo(Math.log(501), 5);
    expect(at(vector, 'termsDays')).toBe(30);
    expect(at(vector, 'disputed')).toBe(0);
    expect(at(vector, 'paperless')).toBe(-7); // unknown: imputed
    expect(at(vector, 'hasHistory')).toBe(1);
    expect(at(vector, 'logSettledCount')).toBeCloseTo(Math.log(3), 5);
    expect(at(vector, 'lateRate')).toBe(0.5);
    expect(at(vector, 'avgDaysLate')).toBe(2.5);
    expect(at(vector, 'meanDelay')).toBe(1.5);
    expect(at(vector, 'lastDelay')).toBe(5);
    expect(at(vector, 'delaySpread')).toBe(3.5);
    expect(at(vector, 'medianDelay')).toBe(1.5); // median of {-2, 5}
    expect(at(vector, 'undisputedDelay')).toBe(-2); // A only: B was disputed
    expect(at(vector, 'logDaysSinceLastPayment')).toBeCloseTo(Math.log(16), 5);
    expect(at(vector, 'logOpenInvoiceCount')).toBeCloseTo(Math.log(3), 5);
    expect(at(vector, 'logOpenBalance')).toBeCloseTo(Math.log(701), 5);
    expect(at(vector, 'logTenureDays')).toBeCloseTo(Math.log(60), 5);
    expect(at(vector, 'logStepsTaken')).toBeCloseTo(Math.log(3), 5);
    expect(at(vector, 'promiseActive')).toBe(1);
    expect(at(vector, 'promiseBroken')).toBe(0);
    expect(at(vector, 'currency=EUR')).toBe(1);
    expect(at(vector, 'currency=USD')).toBe(0);
    // 2026-03-31 is a Tuesday.
    expect(at(vector, 'dueWeekday=2')).toBe(1);
    expect(at(vector, 'dueWeekday=6')).toBe(0);
    expect(imputed).toEqual(['paperless', 'sameChannelDelay']); // the channel is unknown
  });

  it('imputes every history statistic at a cold start and lists them', () => {
    const { vector, imputed } = encodeFeatures(input(ledger.at('2026-01-15', 'B'), { paperless: true }), encodings);
    expect(at(vector, 'hasHistory')).toBe(0);
    expect(at(vector, 'logSettledCount')).toBe(0);
    expect(at(vector, 'paperless')).toBe(1);
    expect(imputed.sort()).toEqual(
      [
        'avgDaysLate',
        'delaySpread',
        'lastDelay',
        'lateRate',
        'logDaysSinceLastPayment',
        'meanDelay',
        'medianDelay',
        'recentDelay',
        'sameChannelDelay',
        'undisputedDelay',
      ].sort(),
    );
    for (const name of imputed) expect(at(vector, name)).toBe(-7);
  });

  it('rejects an encoding for a feature that does not exist', () => {
    expect(() =>
      encodeFeatures(input(ledger.at('2026-03-01')), [{ name: 'creditScore', kind: 'numeric', impute: 0 }]),
    ).toThrow(/unknown model feature creditScore/);
  });

  it('fits training-mean imputation and one-hot columns for frequent categories only', () => {
    const inputs = [
      input(ledger.at('2026-01-15', 'B'), { currency: 'USD' }), // no lateRate
      input(ledger.at('2026-02-14', 'C'), { currency: 'USD' }), // lateRate 0
      input(ledger.at('2026-04-01'), { currency: 'EUR' }), // lateRate 0.5
    ];
    const fitted = fitEncodings(inputs, { numeric: ['lateRate', 'termsDays'], categories: ['currency'], minCount: 2 });
    expect(fitted).toEqual([
      { name: 'lateRate', kind: 'numeric', impute: 0.25 },
      { name: 'termsDays', kind: 'numeric', impute: 30 },
      { name: 'currency=USD', kind: 'category', source: 'currency', value: 'USD' },
    ]);
  });
});
