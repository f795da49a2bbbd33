/** A decision's outcome in one line: "Email: reminder-1, level 1", "Wait until 2026-02-01", "Stop: disputed". */
import { type Decision } from '../api';
import { actionName, describeStop } from '../nodes/describe';

export function outcomeText(decision: Decision): string {
  if (decision.outcome === 'action' && decision.action) {
    const { type, template, level, target } = decision.action;
    const head = type === 'escalate' && target ? `Escalate to ${target}` : actionName(type);
    return `${head}: ${template ? `${template}, ` : ''}level ${level}`;
  }
  if (decision.outcome === 'wait') {
    const until = decision.reviewAt ? `Wait until ${decision.reviewAt}` : 'Wait';
    return decision.reason === 'step_done' ? `Step already taken: ${until.toLowerCase()}` : until;
  }
  return describeStop(decision.reason ?? 'stopped');
}
