/**
 * Stages of an open invoice: before its due date, on it, 1 to 14 days past it, from 15 days past
 * it. Payments scatter differently at each: many invoices still open on their due date are paid
 * that very day, while those past due scatter widely. So interval widths (and the trees' 30-day
 * calibration) are fitted per stage. A per-stage value is computed as values[0] +
 * Σ step[k]·[past due ≥ SCALE_STARTS[k]] in float32, by the models in TypeScript and by their
 * ONNX graphs alike.
 */

/** Days past due at which a new stage starts. */
export const SCALE_STARTS = [0, 1, 15] as const;

/** A stage with fewer validation rows than this borrows or falls back (perStage). */
export const MIN_STAGE_ROWS = 30;

export const stageOf = (daysPastDue: number) => SCALE_STARTS.filter((start) => daysPastDue >= start).length;

/** The steps from one stage's value to the next, in float32. */
export const scaleSteps = (values: readonly number[]): Float32Array =>
  Float32Array.from(SCALE_STARTS, (_, k) => Math.fround(values[k + 1]!) - Math.fround(values[k]!));

/** A row's stage value in plain float32 arithmetic, as the graphs compute it. */
export function stageValue(values: readonly number[], daysPastDue: number): number {
  const steps = scaleSteps(values);
  return SCALE_STARTS.reduce(
    (value, start, k) => Math.fround(value + Math.fround(steps[k]! * (daysPastDue >= start ? 1 : 0))),
    Math.fround(values[0]!),
  );
}

/** Whether a stage's invoices are all past due (a stage starts at its SCALE_STARTS entry; stage 0 at none). */
const pastDue = (stage: number) => stage > 0 && SCALE_STARTS[stage - 1]! >= 1;

/**
 * Fits a value per stage from its rows. A past-due stage with too few borrows the rows of the
 * past-due stages before it, the nearest first (payments 15 days past due scatter like those 7 days
 * past due, not like those on or before the due date); a stage still short takes the value fitted
 * on all rows.
 */
export function perStage<R extends { stage: number }, V>(rows: readonly R[], fit: (rows: readonly R[]) => V): V[] {
  const overall = fit(rows);
  return [0, ...SCALE_STARTS].map((_, stage) => {
    let from = stage;
    let members = rows.filter((r) => r.stage === stage);
    while (members.length < MIN_STAGE_ROWS && pastDue(from - 1)) {
      from--;
      members = rows.filter((r) => r.stage >= from && r.stage <= stage);
    }
    return members.length >= MIN_STAGE_ROWS ? fit(members) : overall;
  });
}

/**
 * Conformal factor: each row's score is the least factor that brings its payment day inside
 * its range. The factor is the score at rank 0.8·(n + 1), interpolated between neighbours, so
 * that a new row is covered with probability 0.8 on average (the usual rank, rounded up, only
 * promises at least 0.8, and on the few dozen rows of a late stage gives 0.83 or more).
 */
export function conformalFactor(rows: ReadonlyArray<{ score: number }>): number {
  const sorted = rows.map((r) => r.score).sort((a, b) => a - b);
  const rank = Math.min(sorted.length, 0.8 * (sorted.length + 1));
  const below = Math.max(1, Math.floor(rank));
  const at = sorted[below - 1]! + (rank - below) * (sorted[Math.min(below, sorted.length - 1)]! - sorted[below - 1]!);
  return Math.max(1e-3, at * (1 + 1e-6) + 1e-6);
}
