/**
 * The cash forecast (docs/measures.md): for each of the next weeks, the collections to expect from
 * what is open at the end of `asOf`, with a P10–P90 band; and the same forecast made `weeks` weeks
 * earlier set against what was then collected. Each open invoice is expected to be paid in full
 * in week k with the probability the ledger's history gives invoices of its aging bucket; the band
 * treats invoices as independent (a sum of weighted Bernoulli draws, normal approximation).
 */
import { addDays } from '../features/days';
import {
  AGING_BUCKETS,
  collectedBetween,
  openInvoicesAt,
  paidByWeekByBucket,
  type AgingBucket,
  type Executor,
} from '../store';
import { MIN_HISTORY } from './aging';
import { converterFor, readFxRates, type Converter } from './fx';

/** The normal distribution's 90th percentile: P10 and P90 are the mean ∓ this many standard deviations. */
const Z90 = 1.2815515655446004;
const cents = (v: number) => Math.round(v * 100) / 100;

/** Per bucket, the probability of being paid in full in each week after entering it; null with too little history. */
async function curvesAt(db: Executor, day: string, weeks: number) {
  const rows = await paidByWeekByBucket(db, day, weeks);
  return AGING_BUCKETS.map(({ bucket }) => {
    const mine = rows.filter((r) => r.bucket === bucket);
    const history = mine.reduce((n, r) => n + r.invoices, 0);
    const byWeek = Array.from({ length: weeks }, (_, k) => mine.find((r) => r.week === k + 1)?.invoices ?? 0);
    return { bucket, history, paidByWeek: history >= MIN_HISTORY ? byWeek.map((n) => n / history) : null };
  });
}

/** The weeks after `day`: week 1 is the 7 days after it. */
const weekSpans = (day: string, weeks: number) =>
  Array.from({ length: weeks }, (_, k) => ({
    week: k + 1,
    from: addDays(day, 7 * k + 1),
    to: addDays(day, 7 * k + 7),
  }));

async function forecastAt(db: Executor, day: string, weeks: number, fx: Converter) {
  const [curves, open] = await Promise.all([curvesAt(db, day, weeks), openInvoicesAt(db, day)]);
  const curveOf = new Map<AgingBucket, number[] | null>(curves.map((c) => [c.bucket, c.paidByWeek]));
  const mean = new Array<number>(weeks).fill(0);
  const variance = new Array<number>(weeks).fill(0);
  const unforecast = { invoices: 0, openAmount: 0 };
  for (const invoice of open) {
    const amount = fx.convert(invoice.open, invoice.currency);
    const q = curveOf.get(invoice.bucket);
    if (!q) {
      unforecast.invoices += 1;
      unforecast.openAmount += amount;
      continue;
    }
    q.forEach((p, k) => {
      mean[k]! += amount * p;
      variance[k]! += amount * amount * p * (1 - p);
    });
  }
  const forecast = weekSpans(day, weeks).map((span, k) => {
    const sd = Math.sqrt(variance[k]!);
    return {
      ...span,
      expected: cents(mean[k]!),
      p10: cents(Math.max(0, mean[k]! - Z90 * sd)),
      p90: cents(mean[k]! + Z90 * sd),
    };
  });
  return { curves, forecast, unforecast: { ...unforecast, openAmount: cents(unforecast.openAmount) } };
}

export async function cashForecast(db: Executor, asOf: string, weeks: number) {
  const origin = addDays(asOf, -7 * weeks);
  const [open, openThen, collected] = await Promise.all([
    openInvoicesAt(db, asOf),
    openInvoicesAt(db, origin),
    collectedBetween(db, addDays(origin, 1), asOf, origin),
  ]);
  const fx = converterFor(await readFxRates(db), [
    ...open.map((o) => o.currency),
    ...openThen.map((o) => o.currency),
    ...collected.map((c) => c.currency),
  ]);
  const now = await forecastAt(db, asOf, weeks, fx);
  const then = await forecastAt(db, origin, weeks, fx);
  const backtestWeeks = then.forecast.map((w) => ({
    ...w,
    collected: cents(
      collected
        .filter((c) => c.day >= w.from && c.day <= w.to)
        .reduce((s, c) => s + fx.convert(c.amount, c.currency), 0),
    ),
  }));
  const totalExpected = backtestWeeks.reduce((s, w) => s + w.expected, 0);
  const totalCollected = backtestWeeks.reduce((s, w) => s + w.collected, 0);
  return {
    asOf,
    weeks,
    currency: fx.currency,
    curves: now.curves,
    forecast: now.forecast,
    unforecast: now.unforecast,
    backtest: {
      origin,
      weeks: backtestWeeks,
      unforecast: then.unforecast,
      meanAbsoluteError: cents(backtestWeeks.reduce((s, w) => s + Math.abs(w.expected - w.collected), 0) / weeks),
      totalExpected: cents(totalExpected),
      totalCollected: cents(totalCollected),
      /** (expected − collected) / collected over all the weeks; null when nothing was collected. */
      totalError: totalCollected === 0 ? null : (totalExpected - totalCollected) / totalCollected,
      /** Share of the weeks whose collections fell inside the P10–P90 band. */
      bandCoverage: backtestWeeks.filter((w) => w.collected >= w.p10 && w.collected <= w.p90).length / weeks,
    },
  };
}

export type CashForecast = Awaited<ReturnType<typeof cashForecast>>;
