/**
 * 95% intervals for the difference between two arms of an experiment (docs/measures.md). A split
 * assigns accounts, not invoices, so an account's invoices share its habits: treating them as
 * independent would make the intervals too narrow. Each arm's figure is therefore a ratio over
 * accounts (the sum of its invoices' values over their number), with the cluster-robust variance
 * of that ratio, and the difference gets a t interval with Welch–Satterthwaite degrees of freedom
 * over the accounts. A share is the mean of 0/1 values. The t quantile comes from jstat.
 */
import jStat from 'jstat';

export interface Interval {
  /** The arm's figure minus the other's. */
  difference: number;
  low: number;
  high: number;
}

/** One invoice's value, with the account it belongs to. */
export interface Observation {
  account: string;
  value: number;
}

const LEVEL = 0.95;

export const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The ratio estimate of the mean over accounts, its cluster-robust variance, and the number of accounts. */
function clustered(observations: readonly Observation[]) {
  const accounts = new Map<string, { sum: number; count: number }>();
  for (const { account, value } of observations) {
    const a = accounts.get(account) ?? { sum: 0, count: 0 };
    a.sum += value;
    a.count += 1;
    accounts.set(account, a);
  }
  const m = accounts.size;
  const n = observations.length;
  const estimate = observations.reduce((s, o) => s + o.value, 0) / n;
  let spread = 0;
  for (const { sum, count } of accounts.values()) spread += (sum - estimate * count) ** 2;
  return { estimate, variance: (m / (m - 1)) * (spread / (n * n)), accounts: m };
}

/**
 * The arm's mean minus the other's, with its 95% interval; null unless each side has values from
 * at least two accounts.
 */
export function difference(arm: readonly Observation[], other: readonly Observation[]): Interval | null {
  const a = clustered(arm);
  const b = clustered(other);
  if (!(a.accounts >= 2 && b.accounts >= 2)) return null;
  const diff = a.estimate - b.estimate;
  const variance = a.variance + b.variance;
  if (variance === 0) return { difference: diff, low: diff, high: diff };
  const dof = variance ** 2 / (a.variance ** 2 / (a.accounts - 1) + b.variance ** 2 / (b.accounts - 1));
  const half = jStat.studentt.inv(1 - (1 - LEVEL) / 2, dof) * Math.sqrt(variance);
  return { difference: diff, low: diff - half, high: diff + half };
}
