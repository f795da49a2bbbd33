/**
 * What the ledger's dated records of one invoice say on a day: the steps taken on it before that day
 * (the models' reading; the step memory counts the day itself), the latest promise to pay made on or
 * before it and whether a dispute was open then (the facts' reading too). Decide, the ledger's
 * point-in-time reading and training all read them here.
 */
import { dayNumber } from './days';
import { type HistoryInput } from './inputs';

/** A promise to pay: the day it was made and the day it promised payment by. */
export interface PromiseMade {
  id: string;
  madeOn: string;
  promisedDate: string;
}

/** A dispute: open from the day it was opened until the day it was resolved (null: still open). */
export interface DisputeOpened {
  openedOn: string;
  resolvedOn: string | null;
}

/** The dated records the ledger keeps of one invoice besides its payments. */
export interface InvoiceRecords {
  /** The days its dunning steps were taken (those not reported bounced or failed). */
  stepDays: readonly string[];
  promises: readonly PromiseMade[];
  disputes: readonly DisputeOpened[];
}

/**
 * Steps taken before the day of `asOf`. A step taken on the day itself is the day's own decision
 * (a run that acts, then is asked again), so it is not yet part of what that decision knew.
 */
export function stepsBefore(stepDays: readonly string[], asOf: string | Date): number {
  const day = dayNumber(asOf);
  return stepDays.filter((d) => dayNumber(d) < day).length;
}

/** The latest promise made on or before the day of `asOf` (by day made, then id), if any. */
export function latestPromise<P extends PromiseMade>(promises: readonly P[], asOf: string | Date): P | undefined {
  const day = dayNumber(asOf);
  let latest: P | undefined;
  for (const p of promises) {
    if (dayNumber(p.madeOn) > day) continue;
    if (!latest || p.madeOn > latest.madeOn || (p.madeOn === latest.madeOn && p.id > latest.id)) latest = p;
  }
  return latest;
}

/**
 * Whether a promise is in force on the day of `asOf` (its date not passed) or broken (passed with
 * money still open). Unknown (undefined) when the caller did not say whether there is a promise;
 * neither when there is none (null).
 */
export function promiseState(
  promiseToPayDate: string | null | undefined,
  asOf: string | Date,
  open: boolean,
): { active: boolean; broken: boolean } | undefined {
  if (promiseToPayDate === undefined) return undefined;
  if (promiseToPayDate === null) return { active: false, broken: false };
  const passed = dayNumber(asOf) > dayNumber(promiseToPayDate);
  return { active: !passed, broken: passed && open };
}

/**
 * The steps a decide request says were taken before its day: its `stepsTaken` as sent (a field sent
 * overrides the ledger's, as for the facts), else counted from the steps it lists (the store's, for
 * an invoice read from the ledger); unknown without either.
 */
export function stepsTakenBefore(history: HistoryInput | undefined, asOf: string | Date): number | undefined {
  if (history?.stepsTaken !== undefined) return history.stepsTaken;
  if (history?.actions)
    return stepsBefore(
      history.actions.map((a) => a.date),
      asOf,
    );
  return undefined;
}

/**
 * Disputed on the day of `asOf`: while a dispute opened by then is not yet resolved. Before the
 * first dispute recorded on it was opened, the invoice's own flag (undefined when that is not known
 * either): a dispute opened later must not change what an earlier day read.
 */
export function disputedAt(
  disputes: readonly DisputeOpened[],
  flag: boolean | null | undefined,
  asOf: string | Date,
): boolean | undefined {
  const day = dayNumber(asOf);
  const opened = disputes.filter((d) => dayNumber(d.openedOn) <= day);
  if (opened.length === 0) return flag ?? undefined;
  return opened.some((d) => d.resolvedOn === null || dayNumber(d.resolvedOn) > day);
}
