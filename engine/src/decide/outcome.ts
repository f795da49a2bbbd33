/**
 * From the policy's verdict to the decision: what the engine enforces (guards.ts), then the
 * memory of each step (docs/policy.md, "Dunning steps remember"). A step that was taken and is
 * not due again is not taken twice: the decision is `wait` with reason `step_done`.
 */
import { stepDue, type Action, type Facts, type TerminalEvent } from '../policy';
import { addDays } from '../features/days';
import { applyGuards, type Override } from './guards';
import { takenDays, type Memory } from './memory';

export type Outcome =
  | { outcome: 'action'; action: Action; step: string; occurrence: number; overrides: Override[] }
  | { outcome: 'wait'; reason?: 'step_done'; overrides: Override[] }
  | { outcome: 'stop'; reason: string; overrides: Override[] };

const dateOf = (day: number) => addDays('1970-01-01', day);

/** The outcome of `event` on `day` (a day number), given what was done before. */
export function outcomeOf(event: TerminalEvent, facts: Facts, memory: Memory, day: number): Outcome {
  if (event.kind === 'stop') return { outcome: 'stop', reason: event.reason, overrides: [] };
  if (event.kind === 'wait') return { outcome: 'wait', overrides: [] };
  const guarded = applyGuards(event.action, facts);
  if (guarded.outcome === 'stop') return guarded;
  const taken = takenDays(memory, event.nodeId, day);
  const due = stepDue(event.action, taken, day);
  if (due.due) return { ...guarded, step: event.nodeId, occurrence: due.occurrence };
  const last = dateOf(Math.max(...taken));
  const message =
    due.nextDay === 'never'
      ? `This step was already taken (last on ${last}); it is not taken again`
      : `This step was taken on ${last}; it is due again on ${dateOf(due.nextDay)}`;
  return { outcome: 'wait', reason: 'step_done', overrides: [...guarded.overrides, { rule: 'step_done', message }] };
}

/** What distinguishes one decision from another when only time passes: outcome, terminal node, reason, action. */
export function outcomeKey(outcome: Outcome, terminal: string): string {
  const { template = '', type = '' } = outcome.outcome === 'action' ? outcome.action : {};
  return [outcome.outcome, terminal, 'reason' in outcome ? (outcome.reason ?? '') : '', type, template].join('\u001f');
}
