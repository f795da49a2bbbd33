/**
 * `pnpm bench`: compile and decide speed of the policy core, printed as numbers.
 * A graph of 20 sequential diamonds must compile and decide in milliseconds.
 */
import { performance } from 'node:perf_hooks';
import { compilePolicy, indexGraph, interpret, type Facts, type PolicyGraph } from '../src/policy';
import { RuleSetEvaluator } from '../src/policy/evaluator';
import { readSamplePolicy } from '../src/seed';
import { diamondChain } from '../test-support/graphs';

async function measure(name: string, graph: PolicyGraph, facts: Facts, runs = 2000) {
  let start = performance.now();
  const ruleSet = compilePolicy(graph, { policyId: 'bench', version: 1 });
  const compileMs = performance.now() - start;
  const evaluator = new RuleSetEvaluator(ruleSet);
  for (let i = 0; i < 200; i++) await evaluator.run(facts);
  start = performance.now();
  for (let i = 0; i < runs; i++) await evaluator.run(facts);
  const decideMs = (performance.now() - start) / runs;
  const index = indexGraph(graph);
  start = performance.now();
  for (let i = 0; i < runs; i++) interpret(index, facts);
  const interpretMs = (performance.now() - start) / runs;
  console.log(
    `${name.padEnd(24)} nodes=${String(graph.nodes.length).padStart(4)} conditions=${String(Object.keys(ruleSet.conditions).length).padStart(4)} ` +
      `ruleSetBytes=${String(JSON.stringify(ruleSet).length).padStart(7)} compile=${compileMs.toFixed(2)}ms ` +
      `decide=${(decideMs * 1000).toFixed(0)}µs interpret=${(interpretMs * 1000).toFixed(1)}µs`,
  );
}

const deepFacts: Facts = { daysPastDue: 100, amount: 1e6, daysSinceLastAction: 100, daysSinceIssue: 100 };
for (const n of [1, 5, 10, 20, 40]) await measure(`${n} diamonds`, diamondChain(n), deepFacts);
await measure('sample policy (standard-b2b)', readSamplePolicy().graph, {
  openAmount: 12000,
  disputed: false,
  daysPastDue: 9,
  daysSinceLastAction: 6,
  lateRate: 0.2,
  'split.channel-test': 42,
});
