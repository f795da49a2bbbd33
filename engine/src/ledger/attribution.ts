/**
 * Which action a payment answers: the last action taken on its invoice before the payment (on an
 * earlier day), if it was taken within the attribution window (docs/ledger.md). Experiments and
 * the invoice's story use the same rule.
 */
import { daysBetween } from '../features/days';

/** A payment more than this many days after the last action is not credited to it. */
export const ATTRIBUTION_WINDOW_DAYS = 30;

export interface TakenAction {
  id: string;
  step: string;
  type: string;
  decidedOn: string;
}

export interface Attribution {
  actionId: string;
  step: string;
  type: string;
  /** Days from the action to the payment. */
  daysAfter: number;
}

export function attributePayment(paidOn: string, actions: readonly TakenAction[]): Attribution | undefined {
  const before = actions
    .filter((a) => a.decidedOn < paidOn)
    .sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : a.decidedOn > b.decidedOn ? 1 : a.id < b.id ? -1 : 1));
  const last = before.at(-1);
  if (!last) return undefined;
  const daysAfter = daysBetween(last.decidedOn, paidOn);
  return daysAfter <= ATTRIBUTION_WINDOW_DAYS
    ? { actionId: last.id, step: last.step, type: last.type, daysAfter }
    : undefined;
}
