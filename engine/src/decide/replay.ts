/**
 * A logged decision decided again with another version (backtests): the facts it saw, point in
 * time, including the model scores of that day, run through the version's rule set; then the
 * engine's guards, the memory of steps and the contact rules, as the decision applied them. The
 * split buckets are the candidate's own, drawn as a live decision would draw them.
 */
import { explainPath, splitBucket, splitFactName, tighten, type Facts, type PathStepTrace } from '../policy';
import { dayNumber } from '../features/days';
import { type DecideRequest, type Decision } from './contract';
import { type DeploymentContactRules } from './contact-rules';
import { memoryOf } from './memory';
import { outcomeDetail, outcomeOf } from './outcome';
import { type LoadedVersion } from './policy-runtime';

export interface Logged {
  request: DecideRequest;
  facts: Facts;
  asOf: Date;
}

/** What the version decides, in the decision contract's words, and the path that led there. */
export type Replayed = Pick<Decision, 'outcome' | 'action' | 'reason' | 'reviewAt'> & {
  /** The node the policy ended on. */
  terminal: string;
  path: PathStepTrace[];
};

export function replay(loaded: LoadedVersion, logged: Logged, deploymentRules: DeploymentContactRules): Replayed {
  const { request, asOf } = logged;
  const { accountId } = request.invoice;
  const rules = { ...deploymentRules, ...tighten(deploymentRules, loaded.contactRules) };
  const place = { country: request.account?.country, timeZone: request.account?.timeZone };
  const facts: Facts = {
    ...logged.facts,
    ...Object.fromEntries(loaded.splitNodeIds.map((id) => [splitFactName(id), splitBucket(accountId, id)])),
  };
  const memory = memoryOf(request.history?.actions ?? [], request.history?.accountContacts);
  const run = loaded.runner.run(facts);
  const day = dayNumber(asOf);
  const outcome = outcomeOf(run.event, facts, memory, day, { rules, place, now: asOf });
  return {
    outcome: outcome.outcome,
    ...outcomeDetail(outcome, run.event, facts, day),
    terminal: run.event.nodeId,
    path: explainPath(run, loaded.index, facts),
  };
}
