/**
 * A decision's outcome in one line: "Email: reminder-1, level 1", "Wait until 2026-02-01", "Stop: disputed".
 * A contact the contact rules held back or moved says why, in the engine's words.
 */
import { type Decision } from '../api';
import { actionName, describeStop } from '../nodes/describe';

/** What outcomeText reads of a decision: a logged one, or one a backtest replayed (which has no overrides). */
export type DecidedOutcome = Pick<Decision, 'outcome' | 'action' | 'reason' | 'reviewAt'> & {
  reasonLabel?: string | undefined;
  explanation?: Pick<Decision['explanation'], 'overrides'>;
};

/** Why the contact rules held back (a wait) or moved (a later send time) this decision's contact, if they did. */
export function contactRuleNote(decision: DecidedOutcome): string | undefined {
  const rule =
    decision.outcome === 'wait' ? decision.reason : decision.outcome === 'action' ? 'send_window' : undefined;
  if (rule === undefined || rule === 'step_done') return undefined;
  return decision.explanation?.overrides.find((o) => o.rule === rule)?.message;
}

export function outcomeText(decision: DecidedOutcome): string {
  const note = contactRuleNote(decision);
  const why = note ? ` (${note})` : '';
  if (decision.outcome === 'action' && decision.action) {
    const { type, template, level, target } = decision.action;
    const head = type === 'escalate' && target ? `Escalate to ${target}` : actionName(type);
    return `${head}: ${template ? `${template}, ` : ''}level ${level}${why}`;
  }
  if (decision.outcome === 'wait') {
    const until = decision.reviewAt ? `Wait until ${decision.reviewAt}` : 'Wait';
    return decision.reason === 'step_done' ? `Step already taken: ${until.toLowerCase()}` : `${until}${why}`;
  }
  return describeStop(decision.reason ?? 'stopped', decision.reasonLabel);
}
