/** The explanation of a decision, built from the rule set run: the path, each condition seen, missing facts. */
import {
  comparisonsOf,
  names,
  RuleSetInvariantError,
  splitFactName,
  type Comparison,
  type Facts,
  type GraphIndex,
  type NamedResult,
  type RuleSetRun,
} from '../policy';
import { type Decision } from './contract';

type PathStep = Decision['explanation']['path'][number];
type ConditionSeen = NonNullable<PathStep['conditions']>[number];

function conditionsSeen(
  comparisons: Comparison[],
  scope: string,
  named: Map<string, NamedResult>,
  facts: Facts,
): ConditionSeen[] {
  return comparisons.map((c, i) => {
    const seen = named.get(names.comparison(scope, i));
    if (!seen) throw new RuleSetInvariantError(`the run did not evaluate ${names.comparison(scope, i)}`);
    const factValue = facts[c.fact];
    return {
      fact: c.fact,
      operator: c.operator,
      value: c.value,
      factValue,
      missing: factValue === undefined,
      result: seen.result,
    };
  });
}

export function explainPath(run: RuleSetRun, index: GraphIndex, facts: Facts): PathStep[] {
  return run.path.map(({ nodeId, handle }) => {
    const node = index.nodes.get(nodeId)!;
    const step: PathStep = { nodeId, kind: node.kind, label: node.label, handle };
    switch (node.kind) {
      case 'condition':
        step.conditions = conditionsSeen(comparisonsOf(node.predicate), nodeId, run.named, facts);
        break;
      case 'switch': {
        const chosen = node.cases.findIndex((c) => c.id === handle);
        const evaluated = chosen === -1 ? node.cases : node.cases.slice(0, chosen + 1);
        step.conditions = evaluated.flatMap((c) =>
          conditionsSeen(comparisonsOf(c.predicate), names.caseScope(nodeId, c.id), run.named, facts).map((s) => ({
            ...s,
            caseId: c.id,
          })),
        );
        break;
      }
      case 'split':
        step.split = { bucket: facts[splitFactName(nodeId)] as number, arm: handle! };
        break;
      case 'wait': {
        const factValue = facts[node.fact];
        step.wait = {
          fact: node.fact,
          days: node.days,
          factValue: factValue as number | undefined,
          missing: factValue === undefined,
          held: handle === undefined,
        };
        break;
      }
      default:
        break;
    }
    return step;
  });
}

/** Facts the policy can test that were neither sent nor derivable. */
export function missingFacts(requiredFacts: readonly string[], facts: Facts): string[] {
  return requiredFacts.filter((f) => facts[f] === undefined);
}
