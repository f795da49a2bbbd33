/**
 * `pnpm bench`, rules: the engine's rule set runner against @gorules/zen-engine running the same
 * policy as a JDM decision, and against plain json-rules-engine, side by side in one run on the
 * same 10,000 fact sets. Every fact set must reach the same terminal in all three, or the bench fails.
 * The goal: the runner at least 50× zen-engine's best (one at a time, or 64 in flight), both
 * answering which terminal the facts reach; the runner's rate with the trace that explains a
 * decision (which conditions it saw) is printed beside it.
 * Also printed: compile time and the runner's speed as a graph of diamonds grows.
 */
import { performance } from 'node:perf_hooks';
import { ZenEngine } from '@gorules/zen-engine';
import { compilePolicy, RuleSetRunner, type Facts, type PolicyGraph } from '../src/policy';
import { RuleSetEvaluator } from '../src/policy/evaluator';
import { readSamplePolicy } from '../src/seed';
import { sampleFactSets } from '../test-support/fact-sets';
import { diamondChain } from '../test-support/graphs';
import { toJdm, zenContext } from './jdm';

const FACT_SETS = 10_000;
const IN_FLIGHT = 64;
const GOAL = 50;

/** Evaluations per second of `evaluate` over the fact sets, the best of three passes after a warm-up. */
async function rate(factSets: readonly unknown[], evaluate: (facts: unknown) => unknown): Promise<number> {
  let best = 0;
  for (let pass = 0; pass < 4; pass++) {
    const start = performance.now();
    for (const facts of factSets) await evaluate(facts);
    if (pass > 0) best = Math.max(best, factSets.length / ((performance.now() - start) / 1000));
  }
  return best;
}

async function inFlightRate(factSets: readonly unknown[], evaluate: (facts: unknown) => Promise<unknown>) {
  let best = 0;
  for (let pass = 0; pass < 4; pass++) {
    const start = performance.now();
    for (let i = 0; i < factSets.length; i += IN_FLIGHT) {
      await Promise.all(factSets.slice(i, i + IN_FLIGHT).map(evaluate));
    }
    if (pass > 0) best = Math.max(best, factSets.length / ((performance.now() - start) / 1000));
  }
  return best;
}

const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;

async function compare(name: string, graph: PolicyGraph): Promise<boolean> {
  const ruleSet = compilePolicy(graph, { policyId: 'bench', version: 1 });
  const factSets = sampleFactSets(ruleSet, graph, FACT_SETS, false);
  const runner = new RuleSetRunner(ruleSet);
  const evaluator = new RuleSetEvaluator(ruleSet);
  const zen = new ZenEngine().createDecision(toJdm(graph));
  const contexts = factSets.map(zenContext);

  let agree = 0;
  for (let i = 0; i < factSets.length; i++) {
    const ours = runner.decide(factSets[i]!).nodeId;
    if (runner.run(factSets[i]!).event.nodeId !== ours) continue;
    const reference = (await evaluator.run(factSets[i]!)).event.nodeId;
    const theirs = ((await zen.evaluate(contexts[i])).result as { terminal?: string }).terminal;
    if (ours === reference && ours === theirs) agree += 1;
  }

  const runnerRate = await rate(factSets, (facts) => runner.decide(facts as Facts));
  const tracedRate = await rate(factSets, (facts) => runner.run(facts as Facts));
  const engineRate = await rate(factSets, (facts) => evaluator.run(facts as Facts));
  const zenOne = await rate(contexts, (context) => zen.evaluate(context));
  const zenMany = await inFlightRate(contexts, (context) => zen.evaluate(context));
  const ratio = runnerRate / Math.max(zenOne, zenMany);
  const met = ratio >= GOAL && agree === factSets.length;
  console.log(
    `${name.padEnd(16)} same terminal ${agree}/${factSets.length}  runner ${perSecond(runnerRate)} ` +
      `(${perSecond(tracedRate)} with its trace)  ` +
      `json-rules-engine ${perSecond(engineRate)}  zen-engine ${perSecond(zenOne)} one at a time, ` +
      `${perSecond(zenMany)} ${IN_FLIGHT} in flight  runner/zen ${ratio.toFixed(1)}× (goal ≥${GOAL}×) ${met ? 'met' : 'NOT MET'}`,
  );
  return agree === factSets.length;
}

function growth(n: number) {
  const graph = diamondChain(n);
  let start = performance.now();
  const ruleSet = compilePolicy(graph, { policyId: 'bench', version: 1 });
  const compileMs = performance.now() - start;
  start = performance.now();
  const runner = new RuleSetRunner(ruleSet);
  const loadMs = performance.now() - start;
  const facts: Facts = { daysPastDue: 100, amount: 1e6, daysSinceLastAction: 100, daysSinceIssue: 100 };
  const runs = 20_000;
  start = performance.now();
  for (let i = 0; i < runs; i++) runner.decide(facts);
  const decideUs = ((performance.now() - start) / runs) * 1000;
  start = performance.now();
  for (let i = 0; i < runs; i++) runner.run(facts);
  const runUs = ((performance.now() - start) / runs) * 1000;
  console.log(
    `${`${n} diamonds`.padEnd(12)} conditions=${String(Object.keys(ruleSet.conditions).length).padStart(4)} ` +
      `ruleSetBytes=${String(JSON.stringify(ruleSet).length).padStart(7)} compile=${compileMs.toFixed(2)}ms ` +
      `load=${loadMs.toFixed(2)}ms decide=${decideUs.toFixed(2)}µs traced=${runUs.toFixed(1)}µs`,
  );
}

console.log('rules: compile and run as the graph grows');
for (const n of [1, 5, 10, 20, 40]) growth(n);
console.log(
  `rules: the runner, json-rules-engine and zen-engine on the same ${FACT_SETS.toLocaleString('en-US')} fact sets`,
);
const same = [await compare('sample policy', readSamplePolicy().graph), await compare('20 diamonds', diamondChain(20))];
if (same.includes(false)) {
  console.error('rules: the three disagree on some fact sets');
  process.exit(1);
}
