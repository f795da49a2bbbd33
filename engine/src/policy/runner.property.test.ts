/**
 * The engine's rule set runner against plain json-rules-engine: the same event, the same path and
 * the same named conditions with the same results and fact values, or both refusing. On the sample
 * policy and 20 diamonds with 10,000 fact sets each (missing facts and explicit nulls among them),
 * on random policies, and on random json-rules-engine conditions the compiler never writes
 * (notEqual, notIn, contains, priorities, empty groups, references).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleFactSets } from '../../test-support/fact-sets';
import { diamondChain, factsFor, validGraph } from '../../test-support/graphs';
import { compilePolicy } from './compile';
import { RuleSetEvaluator } from './evaluator';
import { type Facts } from './predicate';
import { RuleSetRunner } from './runner';
import { RuleSetInvariantError, type JreCondition, type RuleSet, type RuleSetRun } from './ruleset';
import { type PolicyGraph } from './schema';
import { readSamplePolicy } from '../seed';

type Outcome = { ok: true; run: Pick<RuleSetRun, 'event' | 'path'> & { named: unknown[] } } | { ok: false };

/** Named results by name: json-rules-engine records them in the order its promises settle, which means nothing. */
const byName = (named: RuleSetRun['named']) => [...named].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const viaEngine = async (evaluator: RuleSetEvaluator, facts: Facts): Promise<Outcome> => {
  try {
    const run = await evaluator.run(facts);
    return { ok: true, run: { event: run.event, path: run.path, named: byName(run.named) } };
  } catch (error) {
    if (error instanceof RuleSetInvariantError) return { ok: false };
    throw error;
  }
};

const viaRunner = (runner: RuleSetRunner, facts: Facts): Outcome => {
  try {
    const run = runner.run(facts);
    return { ok: true, run: { event: run.event, path: run.path, named: byName(run.named) } };
  } catch (error) {
    if (error instanceof RuleSetInvariantError) return { ok: false };
    throw error;
  }
};

async function agreeOn(graph: PolicyGraph, count: number) {
  const ruleSet = compilePolicy(graph, { policyId: 'p', version: 1 });
  const evaluator = new RuleSetEvaluator(ruleSet);
  const runner = new RuleSetRunner(ruleSet);
  const sets = sampleFactSets(ruleSet, graph, count, true);
  let fired = 0;
  for (const facts of sets) {
    const expected = await viaEngine(evaluator, facts);
    expect(viaRunner(runner, facts)).toEqual(expected);
    if (expected.ok) fired += 1;
  }
  return fired;
}

describe('the rule set runner runs a rule set as json-rules-engine does', () => {
  it('on the sample policy, for 10,000 fact sets with missing facts and explicit nulls', async () => {
    expect(await agreeOn(readSamplePolicy().graph, 10_000)).toBe(10_000);
  }, 120_000);

  it('on 20 diamonds, for 10,000 fact sets', async () => {
    expect(await agreeOn(diamondChain(20), 10_000)).toBe(10_000);
  }, 120_000);

  it('on random policies and facts', async () => {
    await fc.assert(
      fc.asyncProperty(
        validGraph.chain((graph) =>
          fc.tuple(fc.constant(graph), fc.array(factsFor(graph), { minLength: 1, maxLength: 8 })),
        ),
        async ([graph, factSets]) => {
          const ruleSet = compilePolicy(graph, { policyId: 'p', version: 1 });
          const evaluator = new RuleSetEvaluator(ruleSet);
          const runner = new RuleSetRunner(ruleSet);
          for (const facts of factSets) expect(viaRunner(runner, facts)).toEqual(await viaEngine(evaluator, facts));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on conditions the compiler never writes: every operator, priorities, empty groups, references and references to them', async () => {
    const factNames = ['a', 'b', 'valueOf'];
    const scalar = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom('1', 'x', '', true, false, null));
    const leaf: fc.Arbitrary<JreCondition> = fc.record(
      {
        fact: fc.constantFrom(...factNames),
        operator: fc.constantFrom(
          'equal',
          'notEqual',
          'lessThan',
          'lessThanInclusive',
          'greaterThan',
          'greaterThanInclusive',
          'contains',
          'doesNotContain',
        ),
        value: scalar,
        name: fc.option(fc.constantFrom('n1', 'n2', 'n3'), { nil: undefined }),
        priority: fc.option(fc.constantFrom(0, 1, 2, 3), { nil: undefined }),
      },
      { requiredKeys: ['fact', 'operator', 'value'] },
    );
    const listLeaf: fc.Arbitrary<JreCondition> = fc.record({
      fact: fc.constantFrom(...factNames),
      operator: fc.constantFrom('in', 'notIn'),
      value: fc.array(scalar, { maxLength: 3 }),
    });
    const ref = fc.record(
      {
        condition: fc.constantFrom('shared', 'alias'),
        name: fc.option(fc.constantFrom('r1', 'n1'), { nil: undefined }),
        priority: fc.option(fc.constantFrom(1, 2), { nil: undefined }),
      },
      { requiredKeys: ['condition'] },
    );
    const tree = fc.letrec<{ node: JreCondition }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        listLeaf,
        ref,
        fc.record(
          {
            all: fc.array(tie('node'), { maxLength: 3 }),
            priority: fc.option(fc.constantFrom(1, 2), { nil: undefined }),
          },
          { requiredKeys: ['all'] },
        ),
        fc.record(
          {
            any: fc.array(tie('node'), { maxLength: 3 }),
            name: fc.option(fc.constantFrom('g1', 'n2'), { nil: undefined }),
          },
          { requiredKeys: ['any'] },
        ),
        fc.record({ not: tie('node') }),
      ),
    })).node;
    const sharedLeaves = fc.record({
      all: fc.array(fc.oneof(leaf, listLeaf), { maxLength: 3 }),
      name: fc.constant('s'),
    });
    // A reference to a reference: the name that shows is the last one in the chain.
    const alias = fc.record(
      { condition: fc.constant('shared'), name: fc.option(fc.constant('a1'), { nil: undefined }) },
      { requiredKeys: ['condition'] },
    );
    const factValue = fc.option(fc.oneof(scalar, fc.array(scalar, { maxLength: 2 })), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        tree,
        sharedLeaves,
        alias,
        fc.array(fc.tuple(factValue, factValue, factValue), { minLength: 1, maxLength: 5 }),
        async (root, shared, aliased, factSets) => {
          // One rule fires whatever the facts: the condition, or its negation.
          const ruleSet: RuleSet = {
            schemaVersion: 1,
            policyId: 'p',
            version: 1,
            contentHash: 'h',
            options: { allowUndefinedFacts: true },
            conditions: { shared: shared as JreCondition, alias: aliased as JreCondition, tested: { all: [root] } },
            rules: [
              {
                name: 'yes',
                conditions: { condition: 'tested' },
                event: { type: 'decision', params: { nodeId: 'yes', kind: 'stop', reason: 'a' } },
              },
              {
                name: 'no',
                conditions: { not: { condition: 'tested' } },
                event: { type: 'decision', params: { nodeId: 'no', kind: 'stop', reason: 'b' } },
              },
            ],
            requiredFacts: factNames,
          };
          const evaluator = new RuleSetEvaluator(ruleSet);
          const runner = new RuleSetRunner(ruleSet);
          for (const values of factSets) {
            const facts: Record<string, unknown> = {};
            factNames.forEach((name, i) => {
              if (values[i] !== undefined) facts[name] = values[i];
            });
            const expected = await viaEngine(evaluator, facts as Facts);
            expect(expected.ok).toBe(true);
            expect(viaRunner(runner, facts as Facts)).toEqual(expected);
          }
        },
      ),
      {
        numRuns: 500,
        examples: [
          // One name in a referenced condition and beside it: the last place in json-rules-engine's order wins.
          [
            {
              all: [
                { condition: 'shared' },
                { any: [{ fact: 'a', operator: 'equal', value: '1', name: 'n1' }] },
                { any: [{ condition: 'shared' }] },
              ],
            },
            { all: [{ fact: 'a', operator: 'equal', value: 0, name: 'n1' }], name: 's' },
            { condition: 'shared' },
            [['1', undefined, undefined]],
          ],
        ],
      },
    );
  });
});
