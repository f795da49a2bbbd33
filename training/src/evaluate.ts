/**
 * Out-of-time metrics of a model beside the naive baselines a finance team would use
 * without it: a constant, the due date, and the account's own history.
 */
import { type Example } from './dataset';
import { paymentMetrics, quantile, riskMetrics, type Interval } from './metrics';

export interface Reference {
  lateRate: number;
  meanDaysToPay: number;
  daysToPayQuantiles: [number, number];
  delayQuantiles: [number, number];
  meanDelay: number;
  /** Residual quantiles of "due date + the account's average delay" on training data. */
  accountResidualQuantiles: [number, number];
}

/** The account's own average delay, or the portfolio's for an account with no history yet. */
const accountDelay = (e: Example, ref: Reference) => e.input.history.meanDelay ?? ref.meanDelay;

export function reference(train: readonly Example[]): Reference {
  const days = train.map((e) => e.daysToPay);
  const delays = train.map((e) => e.daysToPay - e.termsDays);
  const meanDelay = delays.reduce((a, b) => a + b, 0) / delays.length;
  const partial = { meanDelay } as Reference;
  const residuals = train.map((e) => e.daysToPay - (e.termsDays + accountDelay(e, partial)));
  return {
    lateRate: train.filter((e) => e.late).length / train.length,
    meanDaysToPay: days.reduce((a, b) => a + b, 0) / days.length,
    daysToPayQuantiles: [quantile(days, 0.1), quantile(days, 0.9)],
    delayQuantiles: [quantile(delays, 0.1), quantile(delays, 0.9)],
    meanDelay,
    accountResidualQuantiles: [quantile(residuals, 0.1), quantile(residuals, 0.9)],
  };
}

export function evaluateRisk(test: readonly Example[], predicted: ArrayLike<number>, ref: Reference) {
  const y = test.map((e) => e.late);
  // The account's late rate, pulled towards the portfolio's when it has few invoices.
  const accountRate = test.map((e) => {
    const n = e.input.history.settledCount;
    return (n * (e.input.history.lateRate ?? 0) + 2 * ref.lateRate) / (n + 2);
  });
  return {
    ...riskMetrics(predicted, y),
    rows: test.length,
    baselines: {
      constantRate: riskMetrics(
        test.map(() => ref.lateRate),
        y,
      ),
      accountHistory: riskMetrics(accountRate, y),
    },
  };
}

export function evaluatePayment(test: readonly Example[], predicted: Interval[], ref: Reference) {
  const actual = test.map((e) => e.daysToPay);
  const around = (mid: number, [lo, hi]: [number, number]): Interval => ({ low: mid + lo, mid, high: mid + hi });
  return {
    ...paymentMetrics(predicted, actual),
    rows: test.length,
    baselines: {
      meanDaysToPay: paymentMetrics(
        test.map(() => ({ low: ref.daysToPayQuantiles[0], mid: ref.meanDaysToPay, high: ref.daysToPayQuantiles[1] })),
        actual,
      ),
      dueDate: paymentMetrics(
        test.map((e) => ({
          low: e.termsDays + ref.delayQuantiles[0],
          mid: e.termsDays,
          high: e.termsDays + ref.delayQuantiles[1],
        })),
        actual,
      ),
      accountHistory: paymentMetrics(
        test.map((e) => around(e.termsDays + accountDelay(e, ref), ref.accountResidualQuantiles)),
        actual,
      ),
    },
  };
}
