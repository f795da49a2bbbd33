/**
 * The next date a decision changes if nothing but time does (docs/decide.md): the policy is
 * evaluated forward, day counts advancing and model scores held, with the step just decided
 * remembered as taken. Runs use it to know when to look at an invoice again.
 *
 * Only the days on which something the decision reads can change are evaluated: between them the
 * decision stays what it was. As time passes, a day-count fact (one with an anchor date in the
 * catalogue) grows by one a day, so a comparison in the rule set can only turn where the fact
 * reaches its threshold; everything else that moves with time moves on known days: a step's date
 * comes and its repeat falls due, a contact leaves the seven-day window of the weekly cap, a
 * promise to pay falls due, a business day begins or ends. `reviewCandidates` lists those days;
 * the property test holds the result to evaluating every day.
 */
import { isDayCountFact, type Facts, type JreCondition, type RuleSet } from '../policy';
import { dayNumber } from '../features/days';
import { type Memory } from './memory';

/** How far ahead the engine looks; an invoice is looked at again by then whatever happens. */
export const REVIEW_HORIZON_DAYS = 120;

/** A day on which the decision can change; `facts`: whether the policy's facts can turn too, or only the engine's rules. */
export interface Candidate {
  day: number;
  facts: boolean;
}

/**
 * The first of `candidates` (ascending, after `day`; every day when not given) whose decision key
 * differs from `base`, or the horizon's last day when none does. `keyOn` is told whether the facts
 * can have turned since the day it was last asked, or only the engine's rules (contact, repeats).
 */
export function nextReviewDay(
  base: string,
  day: number,
  keyOn: (day: number, factsTurn: boolean) => string,
  candidates?: readonly Candidate[],
  horizon = REVIEW_HORIZON_DAYS,
): number {
  if (candidates) {
    for (const c of candidates)
      if (c.day > day && c.day <= day + horizon && keyOn(c.day, c.facts) !== base) return c.day;
    return day + horizon;
  }
  for (let d = day + 1; d <= day + horizon; d++) if (keyOn(d, true) !== base) return d;
  return day + horizon;
}

/** What in a rule set moves with time: each day-count fact's thresholds, and the repeat intervals of its steps. */
export interface TimeSensitivity {
  thresholds: ReadonlyMap<string, readonly number[]>;
  repeatEveryDays: readonly number[];
}

export function timeSensitivity(ruleSet: RuleSet): TimeSensitivity {
  const thresholds = new Map<string, Set<number>>();
  const visit = (c: JreCondition): void => {
    if ('fact' in c) {
      if (!isDayCountFact(c.fact)) return;
      const values = (Array.isArray(c.value) ? c.value : [c.value]).filter((v): v is number => typeof v === 'number');
      let known = thresholds.get(c.fact);
      if (!known) thresholds.set(c.fact, (known = new Set()));
      values.forEach((v) => known.add(v));
    } else if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('not' in c) visit(c.not);
  };
  Object.values(ruleSet.conditions).forEach(visit);
  ruleSet.rules.forEach((rule) => visit(rule.conditions));
  const repeats = new Set<number>();
  for (const { event } of ruleSet.rules) {
    if (event.params.kind === 'action' && event.params.action.repeat) repeats.add(event.params.action.repeat.everyDays);
  }
  return {
    thresholds: new Map([...thresholds].map(([fact, values]) => [fact, [...values]])),
    repeatEveryDays: [...repeats],
  };
}

export interface ReviewInputs {
  day: number;
  sensitivity: TimeSensitivity;
  /** The facts on the day after `day`. */
  ahead: Facts;
  /** The memory from the day after on, with the step decided today. */
  memory: Memory;
  promiseToPayDate?: string | null | undefined;
  /** Whether a day carries contacts, when the contact rules keep to business days. */
  businessDay?: (day: number) => boolean;
  horizon?: number;
}

/**
 * The days after `day`, ascending, on which the decision can differ from the day before: those on
 * which a fact the policy reads can turn (a threshold, a step's or a contact's date, a promise),
 * and those on which only the engine's own rules can (a business day, a repeat falling due).
 */
export function reviewCandidates(inputs: ReviewInputs): Candidate[] {
  const { day, sensitivity, ahead, memory, businessDay, horizon = REVIEW_HORIZON_DAYS } = inputs;
  const first = day + 1;
  const last = day + horizon;
  const factDays = new Set<number>([first]);
  const ruleDays = new Set<number>();
  const add = (d: number, facts = true) => {
    if (d > first && d <= last) (facts ? factDays : ruleDays).add(d);
  };
  for (const [fact, values] of sensitivity.thresholds) {
    const value = ahead[fact];
    if (typeof value !== 'number') continue;
    // A comparison with c turns where the count reaches ceil(c) (<, >=) or floor(c) + 1 (<=, >, =).
    for (const c of values) for (const t of [Math.ceil(c), Math.floor(c) + 1]) add(first + t - value);
  }
  for (const step of memory.steps) {
    const taken = dayNumber(step.date);
    add(taken);
    add(taken + 1);
    for (const every of sensitivity.repeatEveryDays) add(taken + every, false);
  }
  for (const date of memory.contacts) {
    const contacted = dayNumber(date);
    for (const offset of [0, 1, 6, 7, 8]) add(contacted + offset);
  }
  if (inputs.promiseToPayDate) {
    const promised = dayNumber(inputs.promiseToPayDate);
    add(promised);
    add(promised + 1);
  }
  if (businessDay) {
    let previous = businessDay(first);
    for (let d = first + 1; d <= last; d++) {
      const current = businessDay(d);
      if (current !== previous) add(d, false);
      previous = current;
    }
  }
  return [
    ...[...factDays].map((d) => ({ day: d, facts: true })),
    ...[...ruleDays].filter((d) => !factDays.has(d)).map((d) => ({ day: d, facts: false })),
  ].sort((a, b) => a.day - b.day);
}
