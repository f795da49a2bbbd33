/**
 * Out-of-time metrics at each evaluation point (an invoice still open at issue, at its due
 * date, 15 and 30 days after it), beside the baselines a finance team would use without a
 * model, and a verdict against the best of them. Every baseline is fitted on the training
 * examples at the same point, so it knows as much as the model does.
 */
import jStat from 'jstat';
import { seededRandom } from '@dunwell/engine/ledger';
import { EVALUATION_POINTS, type EvaluationPoint, type PointMetrics, type Verdict } from '@dunwell/engine/models';
import { atPoint, paidOnly, WITHIN_DAYS, type Example } from './dataset';
import { paymentMetrics, quantile, riskMetrics, type Interval } from './metrics';

/** What the baselines learn from the training examples at one point. */
interface PointReference {
  lateRate: number;
  within30Rate: number;
  /** Share paid within 30 days when the due date is (true) or is not (false) within those 30 days. */
  within30ByDue: Record<'true' | 'false', number>;
  remaining: { median: number; p10: number; p90: number };
  dueResidual: [number, number];
  accountResidual: [number, number];
  meanDelay: number;
  delaySpread: number;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
/** The share of the examples whose label was known that have it true. */
const rate = (list: readonly Example[], label: (e: Example) => boolean | null, fallback: number) => {
  const known = list.filter((e) => label(e) !== null);
  return known.length === 0 ? fallback : known.filter((e) => label(e) === true).length / known.length;
};

/** Days from asOf to the due date, or 0 once it has passed. */
const untilDue = (e: Example) => Math.max(0, e.termsDays - e.daysOpen);
const dueWithin30 = (e: Example) => untilDue(e) <= WITHIN_DAYS;
/** The account's average delay as known at asOf, or the portfolio's for an account without history. */
const accountDelay = (e: Example, meanDelay: number) => e.input.history.meanDelay ?? meanDelay;
const accountRemaining = (e: Example, meanDelay: number) =>
  Math.max(0, e.termsDays + accountDelay(e, meanDelay) - e.daysOpen);

function pointReference(train: readonly Example[]): PointReference {
  const paid = paidOnly(train);
  const remaining = paid.map((e) => e.remainingDays);
  const delays = paid.map((e) => e.daysToPay - e.termsDays);
  const meanDelay = mean(delays);
  const spread = Math.sqrt(mean(delays.map((d) => (d - meanDelay) ** 2))) || 1;
  const lateRate = rate(train, (e) => e.late, 0.5);
  const within30Rate = rate(train, (e) => e.within30, 0.5);
  const dueResiduals = paid.map((e) => e.remainingDays - untilDue(e));
  const accountResiduals = paid.map((e) => e.remainingDays - accountRemaining(e, meanDelay));
  return {
    lateRate,
    within30Rate,
    within30ByDue: {
      true: rate(train.filter(dueWithin30), (e) => e.within30, within30Rate),
      false: rate(
        train.filter((e) => !dueWithin30(e)),
        (e) => e.within30,
        within30Rate,
      ),
    },
    remaining: {
      median: quantile(remaining, 0.5),
      p10: quantile(remaining, 0.1),
      p90: quantile(remaining, 0.9),
    },
    dueResidual: [quantile(dueResiduals, 0.1), quantile(dueResiduals, 0.9)],
    accountResidual: [quantile(accountResiduals, 0.1), quantile(accountResiduals, 0.9)],
    meanDelay,
    delaySpread: spread,
  };
}

/** The account's late rate, pulled towards the point's rate when it has few paid invoices. */
function accountLateRate(e: Example, ref: PointReference): number {
  const n = e.input.history.settledCount;
  return (n * (e.input.history.lateRate ?? 0) + 2 * ref.lateRate) / (n + 2);
}

/**
 * The account's timing as a normal distribution (its average delay and spread, the portfolio's
 * without history), cut at asOf: the chance it falls within the next 30 days.
 */
function accountWithin30(e: Example, ref: PointReference): number {
  if (e.input.history.settledCount === 0) return ref.within30Rate;
  const centre = e.termsDays + accountDelay(e, ref.meanDelay);
  const spread = Math.max(1, e.input.history.delaySpread ?? ref.delaySpread);
  const cdf = (day: number) => jStat.normal.cdf(day + 0.5, centre, spread);
  const open = 1 - cdf(e.daysOpen - 1);
  if (open < 1e-9) return ref.within30Rate;
  return Math.min(1 - 1e-6, Math.max(1e-6, (cdf(e.daysOpen + WITHIN_DAYS) - cdf(e.daysOpen - 1)) / open));
}

const remainingInterval = (mid: number, [lo, hi]: [number, number]): Interval => ({
  low: Math.max(0, mid + lo),
  mid,
  high: Math.max(0, mid + hi),
});

/** Below this many examples (open at a point, or with a known outcome) a slice gets no metrics: they would be noise. */
const MIN_SLICE = 20;

const BOOTSTRAP = 200;
type Direction = 'higher' | 'lower';
const BETTER: Record<string, Direction> = {
  auc: 'higher',
  brier: 'lower',
  logLoss: 'lower',
  mae: 'lower',
  rmse: 'lower',
};

/**
 * The model against its best baseline on each metric: the difference with a paired bootstrap
 * 95% interval over the test invoices (seeded, so a run is reproducible).
 */
function verdicts<P>(
  model: P[],
  baselines: Record<string, P[]>,
  metric: (predictions: P[], rows: number[]) => Record<string, number>,
  seed: number,
): Record<string, Verdict> {
  const all = Array.from({ length: model.length }, (_, i) => i);
  const own = metric(model, all);
  const base = Object.fromEntries(Object.entries(baselines).map(([name, p]) => [name, metric(p, all)]));
  const random = seededRandom(seed);
  const samples = Array.from({ length: BOOTSTRAP }, () => all.map(() => Math.floor(random() * all.length)));
  return Object.fromEntries(
    Object.entries(own)
      .filter(([name, value]) => name in BETTER && Number.isFinite(value))
      .map(([name, value]): [string, Verdict] => {
        const sign = BETTER[name] === 'higher' ? 1 : -1;
        const [best] = Object.entries(base).sort(([, a], [, b]) => sign * (b[name]! - a[name]!));
        const differences = samples
          .map((rows) => metric(model, rows)[name]! - metric(baselines[best![0]]!, rows)[name]!)
          .filter(Number.isFinite);
        // A resample with one outcome only has no AUC; with 200 resamples of 20 or more invoices, enough remain.
        const interval: [number, number] = [quantile(differences, 0.025), quantile(differences, 0.975)];
        // Scaled so that positive is better for the model.
        const [low, high] = sign > 0 ? interval : [-interval[1], -interval[0]];
        const verdict = low > 0 ? 'beats' : high < 0 ? 'loses' : 'ties';
        return [name, { baseline: best![0], difference: value - best![1][name]!, interval, verdict }];
      }),
  );
}

const pick = <T>(values: ArrayLike<T>, rows: number[]) => rows.map((i) => values[i]!);

/** AUC is undefined when every invoice had the same outcome (nothing to rank): null, not NaN, in the manifest. */
const withAuc = (m: ReturnType<typeof riskMetrics>) => ({ ...m, auc: Number.isFinite(m.auc) ? m.auc : null });

/**
 * On the test examples whose label is known; undefined with fewer than MIN_SLICE. When every one
 * had the same outcome there is nothing to rank, but the probabilities can still be scored against it.
 */
function probabilityMetrics(
  test: readonly Example[],
  scored: number[],
  label: (e: Example) => boolean | null,
  scoredBaselines: Record<string, number[]>,
  seed: number,
) {
  const known = test.flatMap((e, i) => (label(e) === null ? [] : [i]));
  const y = pick(test.map(label), known) as boolean[];
  const predicted = pick(scored, known);
  const baselines = Object.fromEntries(Object.entries(scoredBaselines).map(([name, p]) => [name, pick(p, known)]));
  if (y.length < MIN_SLICE) return undefined;
  const metric = (p: number[], rows: number[]) => riskMetrics(pick(p, rows), pick(y, rows));
  return {
    ...withAuc(riskMetrics(predicted, y)),
    rows: y.length,
    baselines: Object.fromEntries(Object.entries(baselines).map(([name, p]) => [name, withAuc(riskMetrics(p, y))])),
    verdicts: verdicts(predicted, baselines, metric, seed),
  };
}

/** On the test examples whose payment is known; undefined with fewer than MIN_SLICE. */
function remainingMetrics(
  test: readonly Example[],
  scored: Interval[],
  scoredBaselines: Record<string, Interval[]>,
  seed: number,
) {
  const known = test.flatMap((e, i) => (e.remainingDays === null ? [] : [i]));
  if (known.length < MIN_SLICE) return undefined;
  const actual = pick(
    test.map((e) => e.remainingDays!),
    known,
  );
  const predicted = pick(scored, known);
  const baselines = Object.fromEntries(Object.entries(scoredBaselines).map(([name, p]) => [name, pick(p, known)]));
  const metric = (p: Interval[], rows: number[]) => paymentMetrics(pick(p, rows), pick(actual, rows));
  return {
    ...paymentMetrics(predicted, actual),
    rows: actual.length,
    baselines: Object.fromEntries(Object.entries(baselines).map(([name, p]) => [name, paymentMetrics(p, actual)])),
    verdicts: verdicts(predicted, baselines, metric, seed),
  };
}

/** The model's scores on a list of examples: probabilities [late, within 30] or pay days from issue. */
export type Scorer = (examples: Example[]) => { probabilities?: Float32Array; payDays?: Interval[] };

type AtPoint = Omit<PointMetrics, 'point' | 'rows' | 'coldStart'>;

function metricsAt(point: EvaluationPoint, test: Example[], ref: PointReference, score: Scorer, seed: number): AtPoint {
  const { probabilities, payDays } = score(test);
  const out: AtPoint = {};
  if (probabilities) {
    const column = (c: number) => test.map((_, i) => probabilities[i * 2 + c]!);
    if (point === 'issue' || point === 'due')
      out.lateProbability = probabilityMetrics(
        test,
        column(0),
        (e) => e.late,
        { openAtPoint: test.map(() => ref.lateRate), accountHistory: test.map((e) => accountLateRate(e, ref)) },
        seed,
      );
    out.payWithin30Probability = probabilityMetrics(
      test,
      column(1),
      (e) => e.within30,
      {
        openAtPoint: test.map(() => ref.within30Rate),
        dueDate: test.map((e) => ref.within30ByDue[dueWithin30(e) ? 'true' : 'false']),
        accountHistory: test.map((e) => accountWithin30(e, ref)),
      },
      seed + 1,
    );
  }
  if (payDays) {
    const remaining = payDays.map((p, i) => {
      const open = test[i]!.daysOpen;
      return { low: p.low - open, mid: p.mid - open, high: p.high - open };
    });
    out.remainingDays = remainingMetrics(
      test,
      remaining,
      {
        openAtPoint: test.map(() => ({ low: ref.remaining.p10, mid: ref.remaining.median, high: ref.remaining.p90 })),
        dueDate: test.map((e) => remainingInterval(untilDue(e), ref.dueResidual)),
        accountHistory: test.map((e) => remainingInterval(accountRemaining(e, ref.meanDelay), ref.accountResidual)),
      },
      seed + 2,
    );
  }
  return out;
}

/** Metrics at every evaluation point with test invoices open then; the cold-start slice where there is one. */
export function evaluateAtPoints(
  train: readonly Example[],
  test: readonly Example[],
  score: Scorer,
  seed: number,
): PointMetrics[] {
  return EVALUATION_POINTS.flatMap((point, k) => {
    const atTest = atPoint(test, point);
    if (atTest.length < MIN_SLICE) return [];
    const ref = pointReference(atPoint(train, point));
    const cold = atTest.filter((e) => e.input.history.settledCount === 0);
    return [
      {
        point,
        rows: atTest.length,
        ...metricsAt(point, atTest, ref, score, seed + 10 * k),
        coldStart: cold.length >= MIN_SLICE ? metricsAt(point, cold, ref, score, seed + 10 * k + 5) : null,
      },
    ];
  });
}
