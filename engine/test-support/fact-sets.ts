/**
 * Fact sets for a rule set, shared by the runner's differential test and the rules benchmark:
 * each fact the rule set needs missing, null, or of its type (with `odd`, sometimes of another type),
 * and every split bucket supplied.
 */
import fc from 'fast-check';
import { getFact, splitFactName, type Facts, type PolicyGraph, type RuleSet } from '../src/policy';

export function factSetsOf(ruleSet: RuleSet, graph: PolicyGraph, { odd }: { odd: boolean }): fc.Arbitrary<Facts> {
  const splits = graph.nodes.filter((n) => n.kind === 'split').map((n) => splitFactName(n.id));
  const valueOf = (name: string): fc.Arbitrary<unknown> => {
    const fact = getFact(name);
    const typed =
      fact?.type === 'boolean'
        ? fc.boolean()
        : fact?.type === 'enum'
          ? fc.constantFrom(...fact.values, ...(odd ? ['unknown'] : []))
          : fc.oneof(
              fc.integer({ min: -10, max: 100 }),
              // A rate as a ratio of counts has few digits; `odd` takes any double, subnormals too.
              odd
                ? fc.double({ min: 0, max: 1, noNaN: true })
                : fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000),
              fc.integer({ min: 0, max: 60_000 }),
            );
    return fc.oneof(
      { arbitrary: typed, weight: 6 },
      { arbitrary: fc.constant(undefined), weight: 2 },
      { arbitrary: fc.constant(null), weight: 2 },
      ...(odd ? [{ arbitrary: fc.constantFrom<unknown>('12', 'x', true, [3]), weight: 1 }] : []),
    );
  };
  const names = [...ruleSet.requiredFacts, ...splits];
  return fc
    .tuple(...names.map((name) => (name.startsWith('split.') ? fc.integer({ min: 0, max: 99 }) : valueOf(name))))
    .map((values) => {
      const facts: Record<string, unknown> = {};
      names.forEach((name, i) => {
        if (values[i] !== undefined) facts[name] = values[i];
      });
      return facts as Facts;
    });
}

/** `count` fact sets, the same for the same seed. */
export const sampleFactSets = (ruleSet: RuleSet, graph: PolicyGraph, count: number, odd: boolean, seed = 42): Facts[] =>
  fc.sample(factSetsOf(ruleSet, graph, { odd }), { numRuns: count, seed });
