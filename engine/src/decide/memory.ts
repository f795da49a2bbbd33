/**
 * What the engine remembers of the dunning done (docs/policy.md, "Dunning steps remember"): the
 * steps taken on the invoice, each with its channel and day, and the days the account was
 * contacted. The history facts (`stepsTaken`, `lastActionType`, `daysSinceLastAction`,
 * `contactsLast7Days`) follow from it unless the caller sent them.
 */
import { CONTACT_CHANNELS, type ActionType } from '../policy';
import { dayNumber } from '../features/days';
import { type HistoryInput, type StepTaken } from '../features/inputs';

export interface Memory {
  /** Steps taken on this invoice, in no particular order. */
  steps: readonly StepTaken[];
  /** Days the account was contacted (on any of its invoices), for the contact rules. */
  contacts: readonly string[];
}

export const EMPTY_MEMORY: Memory = { steps: [], contacts: [] };

/** The memory of a request: its steps, and the account's contact days when known (else this invoice's). */
export function memoryOf(steps: readonly StepTaken[], accountContacts?: readonly string[]): Memory {
  return { steps, contacts: accountContacts ?? steps.filter((s) => CONTACT_CHANNELS.has(s.type)).map((s) => s.date) };
}

/** The memory once a step is taken on `date`. */
export function remember(memory: Memory, step: string, type: ActionType, date: string): Memory {
  return {
    steps: [...memory.steps, { step, type, date }],
    contacts: CONTACT_CHANNELS.has(type) ? [...memory.contacts, date] : memory.contacts,
  };
}

/** The days (day numbers) a step was taken before or on `day`. */
export function takenDays(memory: Memory, step: string, day: number): number[] {
  return memory.steps
    .filter((s) => s.step === step)
    .map((s) => dayNumber(s.date))
    .filter((d) => d <= day);
}

/** Contacts with the account in the 7 days ending on `day` (that day included). */
export function contactsInWeek(memory: Memory, day: number): number {
  return memory.contacts.filter((date) => {
    const d = dayNumber(date);
    return d <= day && d > day - 7;
  }).length;
}

/**
 * The dunning history at `asOf`, from the memory where it has steps up to then; fields the caller sent win.
 * Without steps in memory the history is what was sent.
 */
export function historyAt(memory: Memory, sent: HistoryInput | undefined, asOf: Date): HistoryInput | undefined {
  const day = dayNumber(asOf);
  const steps = memory.steps.filter((s) => dayNumber(s.date) <= day);
  if (steps.length === 0 && memory.contacts.length === 0) return sent;
  const last = steps.reduce<StepTaken | undefined>((a, s) => (a === undefined || s.date >= a.date ? s : a), undefined);
  const derived: HistoryInput = {
    stepsTaken: steps.length,
    ...(last ? { lastActionType: last.type, lastActionDate: last.date } : {}),
    contactsLast7Days: contactsInWeek(memory, day),
  };
  const { actions: _steps, accountContacts: _contacts, ...fields } = sent ?? {};
  return { ...derived, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
}
