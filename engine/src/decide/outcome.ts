/**
 * From the policy's verdict to the decision: what the engine enforces (guards.ts), the memory of
 * each step (docs/policy.md, "Dunning steps remember"), then the contact rules. A step that was
 * taken and is not due again is not taken twice: the decision is `wait` with reason `step_done`. A
 * contact that breaks a contact rule waits until the first day it is allowed, with the rule as reason.
 */
import { CONTACT_CHANNELS, stepDue, type Action, type Facts, type TerminalEvent } from '../policy';
import { dateOfDay } from '../features/days';
import { type Decision } from './contract';
import { checkContact, type ContactPlace, type ContactRule, type DeploymentContactRules } from './contact-rules';
import { applyGuards, type Override } from './guards';
import { takenDays, type Memory } from './memory';

export type Outcome =
  | { outcome: 'action'; action: Action; step: string; occurrence: number; sendAt?: Date; overrides: Override[] }
  | { outcome: 'wait'; reason?: 'step_done' | ContactRule; reviewDay?: number; overrides: Override[] }
  | { outcome: 'stop'; reason: string; reasonLabel?: string; overrides: Override[] };

/** Where and when a contact would happen: the rules in force, the account's place, the moment of deciding. */
export interface ContactContext {
  rules: DeploymentContactRules;
  place: ContactPlace;
  now: Date;
}

/** The outcome of `event` on `day` (a day number), given what was done before. */
export function outcomeOf(
  event: TerminalEvent,
  facts: Facts,
  memory: Memory,
  day: number,
  contact: ContactContext,
): Outcome {
  if (event.kind === 'stop')
    return {
      outcome: 'stop',
      reason: event.reason,
      ...(event.reasonLabel ? { reasonLabel: event.reasonLabel } : {}),
      overrides: [],
    };
  if (event.kind === 'wait') return { outcome: 'wait', overrides: [] };
  const guarded = applyGuards(event.action, facts);
  if (guarded.outcome === 'stop') return guarded;
  const taken = takenDays(memory, event.nodeId, day);
  const due = stepDue(event.action, taken, day);
  if (!due.due) {
    const last = dateOfDay(Math.max(...taken));
    const message =
      due.nextDay === 'never'
        ? `This step was already taken (last on ${last}); it is not taken again`
        : `This step was taken on ${last}; it is due again on ${dateOfDay(due.nextDay)}`;
    return { outcome: 'wait', reason: 'step_done', overrides: [...guarded.overrides, { rule: 'step_done', message }] };
  }
  const decided = { ...guarded, step: event.nodeId, occurrence: due.occurrence };
  if (!CONTACT_CHANNELS.has(guarded.action.type)) return decided;
  const check = checkContact(contact.rules, contact.place, memory, day, contact.now);
  if (!check.allowed) {
    const override = { rule: check.rule, message: check.message };
    return {
      outcome: 'wait',
      reason: check.rule,
      reviewDay: check.reviewDay,
      overrides: [...guarded.overrides, override],
    };
  }
  const moved = check.moved ? [{ rule: 'send_window' as const, message: check.moved }] : [];
  return { ...decided, sendAt: check.sendAt, overrides: [...decided.overrides, ...moved] };
}

/** What distinguishes one decision from another when only time passes: outcome, terminal node, reason, action. */
export function outcomeKey(outcome: Outcome, terminal: string): string {
  const { template = '', type = '' } = outcome.outcome === 'action' ? outcome.action : {};
  return [outcome.outcome, terminal, 'reason' in outcome ? (outcome.reason ?? '') : '', type, template].join('\u001f');
}

/** The action to take, the date to look again, or the reason to stop. */
export function outcomeDetail(
  outcome: Outcome,
  event: TerminalEvent,
  facts: Facts,
  day: number,
  /** When the decision changes next: the review date of a step already taken (a replay leaves it out). */
  nextReviewAt?: string,
): Pick<Decision, 'action' | 'reviewAt' | 'reason' | 'reasonLabel'> {
  if (outcome.outcome === 'action') {
    const { type, template, level, priority, target } = outcome.action;
    const { step, occurrence, sendAt } = outcome;
    const when = sendAt ? { sendAt: sendAt.toISOString() } : {};
    return { action: { type, template, level, priority, ...(target ? { target } : {}), step, occurrence, ...when } };
  }
  if (outcome.outcome === 'stop')
    return { reason: outcome.reason, ...(outcome.reasonLabel ? { reasonLabel: outcome.reasonLabel } : {}) };
  if (outcome.reason === 'step_done')
    return { reason: outcome.reason, ...(nextReviewAt ? { reviewAt: nextReviewAt } : {}) };
  if (outcome.reason) return { reason: outcome.reason, reviewAt: dateOfDay(outcome.reviewDay!) };
  // A wait node holds until its day count reaches the threshold: that day is threshold - count days away.
  const count = event.kind === 'wait' ? facts[event.fact] : undefined;
  return event.kind === 'wait' && typeof count === 'number' ? { reviewAt: dateOfDay(day + event.days - count) } : {};
}
