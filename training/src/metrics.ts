/** Evaluation metrics, computed the same way for models and baselines. */
import jStat from 'jstat';

export function auc(scores: ArrayLike<number>, labels: ArrayLike<boolean>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  // Mann-Whitney U with average ranks for ties.
  let rankSum = 0,
    positives = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (labels[idx[k]!]) {
        rankSum += rank;
        positives++;
      }
    i = j + 1;
  }
  const negatives = idx.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function brier(p: ArrayLike<number>, y: ArrayLike<boolean>): number {
  return mean(Array.from(p, (v, i) => (v - (y[i] ? 1 : 0)) ** 2));
}

export function logLoss(p: ArrayLike<number>, y: ArrayLike<boolean>): number {
  const eps = 1e-7;
  return mean(Array.from(p, (v, i) => -Math.log(Math.min(1 - eps, Math.max(eps, y[i] ? v : 1 - v)))));
}

export function riskMetrics(p: ArrayLike<number>, y: ArrayLike<boolean>) {
  return { auc: auc(p, y), brier: brier(p, y), logLoss: logLoss(p, y) };
}

export interface Interval {
  low: number;
  mid: number;
  high: number;
}

/**
 * MAE and RMSE of the P50 in days, and the share of payments inside the P10–P90 range as it
 * is shown, from the day of the P10 to the day of the P90 (floor and ceiling).
 */
export function paymentMetrics(predicted: Interval[], actual: number[]) {
  return {
    mae: mean(predicted.map((p, i) => Math.abs(p.mid - actual[i]!))),
    rmse: Math.sqrt(mean(predicted.map((p, i) => (p.mid - actual[i]!) ** 2))),
    p10p90Coverage: mean(
      predicted.map((p, i) => (actual[i]! >= Math.floor(p.low) && actual[i]! <= Math.ceil(p.high) ? 1 : 0)),
    ),
  };
}

/** The exact (Clopper–Pearson) 95% interval of a share observed over n cases: what chance alone allows. */
export function shareInterval(share: number, n: number): [number, number] {
  const k = Math.round(share * n);
  return [k === 0 ? 0 : jStat.beta.inv(0.025, k, n - k + 1), k === n ? 1 : jStat.beta.inv(0.975, k + 1, n - k)];
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
}

/** Reliability curve: mean prediction and observed rate in `bins` equal-count bins. */
export function reliability(p: ArrayLike<number>, y: ArrayLike<boolean>, bins = 10) {
  const idx = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  return Array.from({ length: bins }, (_, b) => {
    const part = idx.slice(Math.floor((b * idx.length) / bins), Math.floor(((b + 1) * idx.length) / bins));
    return {
      predicted: mean(part.map((i) => p[i]!)),
      observed: mean(part.map((i) => (y[i] ? 1 : 0))),
      count: part.length,
    };
  }).filter((b) => b.count > 0);
}

export function rocCurve(p: ArrayLike<number>, y: ArrayLike<boolean>) {
  const idx = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b]! - p[a]!);
  const positives = Array.from(y).filter(Boolean).length;
  const negatives = y.length - positives;
  const points = [{ fpr: 0, tpr: 0 }];
  let tp = 0,
    fp = 0;
  for (const i of idx) {
    if (y[i]) tp++;
    else fp++;
    points.push({ fpr: fp / negatives, tpr: tp / positives });
  }
  return points;
}
