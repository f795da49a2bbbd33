/**
 * Aging (docs/measures.md): what is open at the end of a day by days past due (current, 1–30,
 * 31–60, 61–90, 91+), by segment, currency or owner, in the reporting currency; and per bucket the
 * collections to expect within 30 days, open amount × the probability of being paid in full within
 * 30 days once that far past due, as the ledger's own history answers it.
 */
import {
  AGING_BUCKETS,
  openByAge,
  paidWithin30ByBucket,
  type AgingBucket,
  type Executor,
  type OpenInvoiceAge,
} from '../store';
import { converterFor, readFxRates } from './fx';

export const AGING_GROUPS = ['segment', 'currency', 'owner'] as const;
export type AgingGroup = (typeof AGING_GROUPS)[number];

/** Fewer invoices than this behind a bucket's probability: too few to say, and no expectation is given. */
export const MIN_HISTORY = 20;

const cents = (v: number) => Math.round(v * 100) / 100;

interface Cell {
  bucket: AgingBucket;
  invoices: number;
  openAmount: number;
  /** Within 30 days; null when the bucket's probability has too little history. */
  expected30: number | null;
}

function cellsOf(
  rows: readonly OpenInvoiceAge[],
  convert: (a: number, c: string) => number,
  p: Map<string, number | null>,
) {
  const cells: Cell[] = AGING_BUCKETS.map(({ bucket }) => {
    const inBucket = rows.filter((r) => r.bucket === bucket);
    const openAmount = inBucket.reduce((sum, r) => sum + convert(r.open, r.currency), 0);
    const probability = p.get(bucket) ?? null;
    return {
      bucket,
      invoices: inBucket.reduce((n, r) => n + r.invoices, 0),
      openAmount: cents(openAmount),
      expected30: probability === null ? null : cents(openAmount * probability),
    };
  });
  const known = cells.filter((c) => c.openAmount === 0 || c.expected30 !== null);
  return {
    cells,
    openAmount: cents(cells.reduce((sum, c) => sum + c.openAmount, 0)),
    invoices: cells.reduce((n, c) => n + c.invoices, 0),
    expected30: known.length === cells.length ? cents(cells.reduce((sum, c) => sum + (c.expected30 ?? 0), 0)) : null,
  };
}

export async function agingReport(db: Executor, asOf: string, by: AgingGroup) {
  const [rows, history] = await Promise.all([openByAge(db, asOf, by), paidWithin30ByBucket(db, asOf)]);
  const fx = converterFor(
    await readFxRates(db),
    rows.map((r) => r.currency),
  );
  const payWithin30 = AGING_BUCKETS.map(({ bucket }) => {
    const h = history.find((r) => r.bucket === bucket);
    const eligible = h?.eligible ?? 0;
    return { bucket, probability: eligible >= MIN_HISTORY ? h!.paid / eligible : null, history: eligible };
  });
  const p = new Map(payWithin30.map((b) => [b.bucket, b.probability]));
  const keys = [...new Set(rows.map((r) => r.group))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  return {
    asOf,
    by,
    currency: fx.currency,
    buckets: AGING_BUCKETS.map((b) => b.bucket),
    payWithin30,
    groups: keys.map((key) => ({
      key,
      ...cellsOf(
        rows.filter((r) => r.group === key),
        fx.convert,
        p,
      ),
    })),
    total: cellsOf(rows, fx.convert, p),
  };
}
