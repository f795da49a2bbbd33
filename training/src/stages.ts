/**
 * Stages of an open invoice: before its due date, from it, from 15 days after it. Payments
 * scatter differently once an invoice is overdue, so interval widths (and the trees' 30-day
 * calibration) are fitted per stage. A per-stage value is computed as
 * values[0] + step[0]·[past due ≥ 0] + step[1]·[past due ≥ 15] in float32, by the models in
 * TypeScript and by their ONNX graphs alike.
 */

/** Days past due at which a new stage starts. */
export const SCALE_STARTS = [0, 15] as const;

/** A stage with fewer validation invoices than this takes the value fitted on all of them. */
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

/** Fits a value per stage from its rows, or from all rows when a stage has too few. */
export function perStage<R extends { stage: number }, V>(rows: readonly R[], fit: (rows: readonly R[]) => V): V[] {
  const overall = fit(rows);
  return [0, ...SCALE_STARTS].map((_, stage) => {
    const members = rows.filter((r) => r.stage === stage);
    return members.length >= MIN_STAGE_ROWS ? fit(members) : overall;
  });
}

/**
 * Conformal factor: each row's score is the least factor that brings its payment day inside
 * its range; the factor that covers 80% of the rows (finite-sample corrected), just above it.
 */
export function conformalFactor(rows: ReadonlyArray<{ score: number }>): number {
  const sorted = rows.map((r) => r.score).sort((a, b) => a - b);
  const k = Math.min(sorted.length, Math.ceil((sorted.length + 1) * 0.8));
  return Math.max(1e-3, sorted[k - 1]! * (1 + 1e-6) + 1e-6);
}
