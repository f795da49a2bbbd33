/**
 * The next date a decision changes if nothing but time does (docs/decide.md): the policy is
 * evaluated forward day by day, day counts advancing and model scores held, with the step just
 * decided remembered as taken. Runs use it to know when to look at an invoice again.
 */

/** How far ahead the engine looks; an invoice is looked at again by then whatever happens. */
export const REVIEW_HORIZON_DAYS = 120;

/**
 * The first day after `day` (a day number) whose decision key differs from `base`, or the horizon's
 * last day when none does.
 */
export function nextReviewDay(
  base: string,
  day: number,
  keyOn: (day: number) => string,
  horizon = REVIEW_HORIZON_DAYS,
) {
  for (let d = day + 1; d <= day + horizon; d++) if (keyOn(d) !== base) return d;
  return day + horizon;
}
