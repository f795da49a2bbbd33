/**
 * What a decision's path shows of each node: the explanation is data built from the rule set
 * run (each named condition's result and the fact it saw), never from log lines.
 */
import { z } from 'zod';
import { comparisonsOf, type Facts, type Predicate } from './predicate';
import { names, RuleSetInvariantError, type NamedResult } from './ruleset';

/** One comparison as the run saw it. */
export const conditionSeen = z.object({
  fact: z.string(),
  operator: z.string(),
  value: z.unknown(),
  factValue: z.unknown().optional(),
  missing: z.boolean(),
  result: z.boolean(),
  /** The switch case the comparison belongs to, and its label as the canvas shows it. */
  caseId: z.string().optional(),
  caseLabel: z.string().optional(),
});
export type ConditionSeen = z.infer<typeof conditionSeen>;

/** The path-step fields of the kinds that test predicates (condition, switch). */
export const conditionsTrace = { conditions: z.array(conditionSeen).optional() };

/** What the run showed of a node: the handle it left through (absent on the last step) and the facts it read. */
export interface ExplainContext {
  handle?: string;
  named: ReadonlyMap<string, NamedResult>;
  facts: Facts;
}

/** Each comparison of a predicate compiled under `scope`, with the fact value it saw and its result. */
export function comparisonsSeen(predicate: Predicate, scope: string, context: ExplainContext): ConditionSeen[] {
  return comparisonsOf(predicate).map((c, i) => {
    const seen = context.named.get(names.comparison(scope, i));
    if (!seen) throw new RuleSetInvariantError(`the run did not evaluate ${names.comparison(scope, i)}`);
    const factValue = context.facts[c.fact];
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
