import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diamondChain, factsFor, validGraph } from '../../test-support/graphs';
import { compilePolicy } from './compile';
import { RuleSetEvaluator } from './evaluator';
import { indexGraph } from './graph';
import { interpret } from './interpret';
import { validateGraph } from './validate';

describe('compiled rule set agrees with the graph interpreter', () => {
  it('picks the same terminal and path, with exactly one event, for random graphs and facts', async () => {
    await fc.assert(
      fc.asyncProperty(
        validGraph.chain((graph) =>
          fc.tuple(fc.constant(graph), fc.array(factsFor(graph), { minLength: 1, maxLength: 8 })),
        ),
        async ([graph, factSets]) => {
          expect(validateGraph(graph).filter((d) => d.severity === 'error')).toEqual([]);
          const evaluator = new RuleSetEvaluator(compilePolicy(graph, { policyId: 'p', version: 1 }));
          const index = indexGraph(graph);
          for (const facts of factSets) {
            const expected = interpret(index, facts);
            const run = await evaluator.run(facts);
            expect(run.event.nodeId).toBe(expected.terminal);
            expect(run.event.kind).toBe(expected.kind);
            expect(run.path).toEqual(
              expected.path.map(({ nodeId, handle }) => (handle ? { nodeId, handle } : { nodeId })),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compiles 20 sequential diamonds to a rule set of linear size', () => {
    const measure = (n: number) => {
      const ruleSet = compilePolicy(diamondChain(n), { policyId: 'p', version: 1 });
      return { conditions: Object.keys(ruleSet.conditions).length, bytes: JSON.stringify(ruleSet).length };
    };
    const [five, ten, twenty] = [measure(5), measure(10), measure(20)];
    // Each diamond adds the same number of named conditions, and about the same bytes.
    expect(twenty.conditions - ten.conditions).toBe(2 * (ten.conditions - five.conditions));
    expect(twenty.bytes / ten.bytes).toBeLessThan(2.2);
  });

  it('runs concurrent decisions on one evaluator without losing events', async () => {
    const graph = diamondChain(3);
    const evaluator = new RuleSetEvaluator(compilePolicy(graph, { policyId: 'p', version: 1 }));
    const runs = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        evaluator.run({ daysPastDue: i % 7, amount: 1000, daysSinceIssue: 40, daysSinceLastAction: 9 }),
      ),
    );
    expect(runs.every((r) => r.event.nodeId.length > 0)).toBe(true);
  });
});
