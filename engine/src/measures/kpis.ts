/**
 * Collection KPIs per period (docs/measures.md), by the formulas of the design:
 * - DSO = ending AR / credit sales × days in the period;
 * - best possible DSO = ending current (not yet due) AR / credit sales × days;
 * - ADD (average days delinquent) = DSO − best possible DSO;
 * - CEI = (beginning AR + credit sales − ending AR) / (beginning AR + credit sales − ending current AR) × 100.
 * AR at a day is what is open at its end; the beginning AR of a period is the AR at the end of the
 * day before it. A measure whose denominator is zero is null (no sales: no DSO).
 */
import { addDays, daysBetween } from '../features/days';
import { creditSales, receivablesAt, type ArByCurrency, type Executor } from '../store';
import { converterFor, readFxRates, type Converter } from './fx';

export const INTERVALS = ['month', 'quarter'] as const;
export type Interval = (typeof INTERVALS)[number];

export interface KpiFigures {
  days: number;
  beginningAr: number;
  creditSales: number;
  endingAr: number;
  endingCurrentAr: number;
}

export interface Kpis {
  dso: number | null;
  bestPossibleDso: number | null;
  add: number | null;
  cei: number | null;
}

export function kpisOf(f: KpiFigures): Kpis {
  const dso = f.creditSales > 0 ? (f.endingAr / f.creditSales) * f.days : null;
  const bestPossibleDso = f.creditSales > 0 ? (f.endingCurrentAr / f.creditSales) * f.days : null;
  const collectible = f.beginningAr + f.creditSales - f.endingCurrentAr;
  return {
    dso,
    bestPossibleDso,
    add: dso === null || bestPossibleDso === null ? null : dso - bestPossibleDso,
    cei: collectible > 0 ? ((f.beginningAr + f.creditSales - f.endingAr) / collectible) * 100 : null,
  };
}

/** Calendar months or quarters from `from` to `to`, the first and last cut to them. */
export function periodsOf(from: string, to: string, interval: Interval): Array<{ start: string; end: string }> {
  const months = interval === 'month' ? 1 : 3;
  const periods: Array<{ start: string; end: string }> = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1];
  month -= month % months;
  for (let start = from; start <= to;) {
    const next = new Date(Date.UTC(year, month + months, 1)).toISOString().slice(0, 10);
    const end = addDays(next, -1) < to ? addDays(next, -1) : to;
    periods.push({ start, end });
    start = next;
    [year, month] = [Number(next.slice(0, 4)), Number(next.slice(5, 7)) - 1];
  }
  return periods;
}

export interface KpiPeriod extends KpiFigures, Kpis {
  start: string;
  end: string;
}

const total = (rows: ArByCurrency[], fx: Converter, part: 'open' | 'current') =>
  rows.reduce((sum, r) => sum + fx.convert(r[part], r.currency), 0);

/** KPIs for each period of [from, to], in the reporting currency, for one segment or all. */
export async function kpiReport(
  db: Executor,
  query: { from: string; to: string; interval: Interval; segment?: string },
): Promise<{ currency: string; periods: KpiPeriod[] }> {
  const periods = periodsOf(query.from, query.to, query.interval);
  const days = [addDays(query.from, -1), ...periods.map((p) => p.end)];
  const ar = await Promise.all(days.map((day) => receivablesAt(db, day, query.segment)));
  const sales = await Promise.all(periods.map((p) => creditSales(db, p.start, p.end, query.segment)));
  const fx = converterFor(
    await readFxRates(db),
    [...ar.flat(), ...sales.flat()].map((r) => r.currency),
  );
  return {
    currency: fx.currency,
    periods: periods.map((p, i) => {
      const figures: KpiFigures = {
        days: daysBetween(p.start, p.end) + 1,
        beginningAr: total(ar[i]!, fx, 'open'),
        creditSales: sales[i]!.reduce((sum, s) => sum + fx.convert(s.amount, s.currency), 0),
        endingAr: total(ar[i + 1]!, fx, 'open'),
        endingCurrentAr: total(ar[i + 1]!, fx, 'current'),
      };
      return { ...p, ...figures, ...kpisOf(figures) };
    }),
  };
}
