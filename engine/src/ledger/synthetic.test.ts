import { describe, expect, it } from 'vitest';
import { canonicalInvoiceSchema } from './canonical';
import { generatePortfolio, MAX_INVOICES, MIN_INVOICES, seededRandom } from './synthetic';

const dayMs = 86_400_000;
const days = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs;

describe('generatePortfolio', () => {
  const rows = generatePortfolio({ invoices: 5_000, seed: 42 });

  it('is reproducible: the same seed gives identical rows, another seed different ones', () => {
    expect(generatePortfolio({ invoices: 5_000, seed: 42 })).toEqual(rows);
    const other = generatePortfolio({ invoices: 5_000, seed: 43 });
    expect(other).toHaveLength(5_000);
    expect(other).not.toEqual(rows);
    const same = other.filter(
      (r, i) =>
        r.accountId === rows[i]!.accountId && r.issueDate === rows[i]!.issueDate && r.amount === rows[i]!.amount,
    );
    expect(same.length).toBeLessThan(50);
  });

  it('accepts 100 to 1,000,000 invoices and rejects anything else', () => {
    expect(MIN_INVOICES).toBe(100);
    expect(MAX_INVOICES).toBe(1_000_000);
    expect(generatePortfolio({ invoices: 100, seed: 1 })).toHaveLength(100);
    for (const invoices of [99, 0, -5, 1_000_001, 150.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => generatePortfolio({ invoices, seed: 1 }), String(invoices)).toThrow(/100 to 1000000 invoices/);
    }
  });

  it('produces valid canonical rows with unique invoice ids', () => {
    for (const r of rows) expect(canonicalInvoiceSchema.safeParse(r).success).toBe(true);
    expect(new Set(rows.map((r) => r.invoiceId)).size).toBe(rows.length);
  });

  it('uses only 15, 30, 45 and 60-day terms, and each of them', () => {
    const terms = new Set(rows.map((r) => days(r.issueDate, r.dueDate)));
    expect([...terms].sort((a, b) => a - b)).toEqual([15, 30, 45, 60]);
  });

  it('has some disputes, some open invoices, several currencies and many accounts', () => {
    const disputed = rows.filter((r) => r.disputed === true).length;
    expect(disputed).toBeGreaterThan(0);
    expect(disputed).toBeLessThan(rows.length * 0.3);
    const open = rows.filter((r) => r.settledDate === null).length;
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(rows.length * 0.3);
    expect(new Set(rows.map((r) => r.currency)).size).toBeGreaterThan(1);
    expect(new Set(rows.map((r) => r.accountId)).size).toBeGreaterThan(50);
    expect(rows.some((r) => r.settledDate !== null && r.settledDate > r.dueDate)).toBe(true);
    expect(rows.some((r) => r.settledDate !== null && r.settledDate <= r.dueDate)).toBe(true);
  });

  it('never settles an invoice before it was issued, nor after the end date', () => {
    for (const r of rows) {
      if (r.settledDate === null) continue;
      expect(days(r.issueDate, r.settledDate)).toBeGreaterThanOrEqual(0);
      expect(r.settledDate <= '2026-06-30').toBe(true);
    }
    expect(rows.every((r) => r.issueDate <= '2026-06-30' && r.issueDate > '2024-06-30')).toBe(true);
  });

  it('respects endDate and years', () => {
    const short = generatePortfolio({ invoices: 500, seed: 3, endDate: '2020-12-31', years: 0.5 });
    expect(short.every((r) => r.issueDate <= '2020-12-31' && days(r.issueDate, '2020-12-31') < 183)).toBe(true);
    expect(short.every((r) => r.settledDate === null || r.settledDate <= '2020-12-31')).toBe(true);
  });

  it('generates 100,000 invoices in a few seconds', () => {
    const started = Date.now();
    expect(generatePortfolio({ invoices: 100_000, seed: 7 })).toHaveLength(100_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('seededRandom', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const c = seededRandom(6);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
