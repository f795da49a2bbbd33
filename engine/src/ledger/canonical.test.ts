import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../features/days';
import { type CanonicalInvoice, toCanonicalCsv } from './canonical';
import { loadMapping, mapCsv } from './mapping';
import { generatePortfolio } from './synthetic';

const canonical = loadMapping('canonical', process.cwd());

describe('canonical CSV round trip', () => {
  it('toCanonicalCsv then the canonical preset gives back a synthetic portfolio unchanged', () => {
    const rows = generatePortfolio({ invoices: 2_000, seed: 99 });
    const csv = toCanonicalCsv(rows);
    expect(csv.split('\n')[0]).toBe(
      'invoice_id,account_id,issue_date,due_date,amount,currency,settled_date,disputed,paperless',
    );
    const back = mapCsv(csv, canonical);
    expect(back.errors).toEqual([]);
    expect(back.rows).toEqual(rows);
  });

  // Ids with separators, quotes, line breaks, leading zeros and dots; unknown flags; open invoices; any finite amount.
  const idChar = fc.constantFrom(...'AZaz09-_/.,"\n\r# é'.split(''));
  const id = fc
    .string({ unit: idChar, minLength: 1, maxLength: 12 })
    // mapCsv trims cells, and reads float-like numbers ("1929634692.0") as the number: both deliberate.
    .filter((s) => s.trim() === s && s.length > 0 && !/^\d+\.0+$/.test(s));
  // Rows that make sense: due and paid on or after issue (mapCsv skips the others, and counts them).
  const offset = fc.integer({ min: 0, max: 3_000 });
  const row: fc.Arbitrary<CanonicalInvoice> = fc
    .record({
      invoiceId: id,
      accountId: id,
      issueDay: offset,
      dueDays: offset,
      settledDays: fc.option(offset, { nil: null }),
      amount: fc
        .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
        .map((v) => (Object.is(v, -0) ? 0 : v)),
      currency: fc.constantFrom('USD', 'EUR', 'CAD', 'JPY'),
      disputed: fc.constantFrom(true, false, null),
      paperless: fc.constantFrom(true, false, null),
    })
    .map(({ issueDay, dueDays, settledDays, ...rest }) => {
      const issueDate = addDays('2018-01-01', issueDay);
      return {
        ...rest,
        issueDate,
        dueDate: addDays(issueDate, dueDays),
        settledDate: settledDays === null ? null : addDays(issueDate, settledDays),
        extra: {},
      };
    });

  it('returns the same rows for arbitrary rows (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(row, { minLength: 1, maxLength: 30, selector: (r) => r.invoiceId }), (rows) => {
        const back = mapCsv(toCanonicalCsv(rows), canonical);
        expect(back.errors).toEqual([]);
        expect(back.rows).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps extra columns when the mapping lists them', () => {
    const rows = generatePortfolio({ invoices: 100, seed: 1 }).map((r, i) => ({
      ...r,
      extra: { note: i % 3 === 0 ? 'a, "quoted" note' : '', region: `R${i % 4}` },
    }));
    const back = mapCsv(toCanonicalCsv(rows), { ...canonical, extra: ['note', 'region'] });
    expect(back.errors).toEqual([]);
    expect(back.rows).toEqual(rows);
  });
});
