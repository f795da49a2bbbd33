/**
 * A decision's path in words a person can check: each node on the path with the handle it left
 * through and what its kind saw (each condition's fact value and result, a wait's day count, a
 * split's bucket), plus the facts the policy could test that were missing.
 */
import { type GraphIndex } from './graph';
import { kindOf, outputLabel, type PathStepTrace } from './nodes';
import { type Facts } from './predicate';
import { type NamedResult } from './ruleset';

export interface RunPath {
  /** Node ids from the start to the terminal, with the handle each one left through. */
  path: ReadonlyArray<{ nodeId: string; handle?: string }>;
  /** Every named condition the run evaluated. */
  named: ReadonlyMap<string, NamedResult>;
}

export function explainPath(run: RunPath, index: GraphIndex, facts: Facts): PathStepTrace[] {
  return run.path.map(({ nodeId, handle }) => {
    const node = index.nodes.get(nodeId)!;
    const seen = kindOf(node).explain(node, { handle, named: run.named, facts });
    const output = handle === undefined ? undefined : outputLabel(node, handle);
    return { nodeId, kind: node.kind, label: node.label, handle, output, ...seen };
  });
}

/** Facts the policy can test that were neither sent nor derivable. */
export function missingFacts(requiredFacts: readonly string[], facts: Facts): string[] {
  return requiredFacts.filter((f) => facts[f] === undefined);
}
