import { describe, expect, it } from 'vitest';
import { conditionNode, edge, letterNode, startNode, stopNode, waitNode } from '../../test-support/policies';
import { compilePolicy } from './compile';
import { RuleSetEvaluator } from './evaluator';
import { indexGraph } from './graph';
import { interpret, type TerminalKind } from './interpret';
import { type Comparison, type Facts, type Predicate } from './predicate';
import { names } from './ruleset';
import { type PolicyGraph } from './schema';
import { hasErrors } from './diagnostics';
import { validateGraph } from './validate';

/** start -> wait -> letter */
const waitGraph = (fact: string, days: number): PolicyGraph => ({
  nodes: [startNode(), waitNode('w', fact, days), letterNode('act')],
  edges: [edge('e1', 'start', 'next', 'w'), edge('e2', 'w', 'next', 'act')],
});

/** start -> condition c -> yes: stop y / no: stop n */
const conditionGraph = (predicate: Predicate): PolicyGraph => ({
  nodes: [startNode(), conditionNode('c', predicate), stopNode('y', 'yes_branch'), stopNode('n', 'no_branch')],
  edges: [edge('e1', 'start', 'next', 'c'), edge('e2', 'c', 'yes', 'y'), edge('e3', 'c', 'no', 'n')],
});

/** start -> switch sw with the given cases, each case and the default to its own stop named `to-<handle>`. */
const switchGraph = (cases: Array<[string, Predicate]>): PolicyGraph => {
  const handles = [...cases.map(([id]) => id), 'default'];
  return {
    nodes: [
      startNode(),
      { id: 'sw', kind: 'switch', cases: cases.map(([id, predicate]) => ({ id, predicate })) },
      ...handles.map((h) => stopNode(`to-${h}`, 'paid')),
    ],
    edges: [edge('e0', 'start', 'next', 'sw'), ...handles.map((h, i) => edge(`e${i + 1}`, 'sw', h, `to-${h}`))],
  };
};

interface Scenario {
  name: string;
  graph: PolicyGraph;
  facts: Facts;
  terminal: string;
  kind: TerminalKind;
  /** Node ids from the start, each with the handle it left through; the last one has none. */
  path: Array<[string, string?]>;
}

// --- wait: holds while the day count is below the threshold, passes at or above it, and when the fact is missing.
const wait5 = waitGraph('daysSinceLastAction', 5);
const waitMinus3 = waitGraph('daysPastDue', -3);
const held = (facts: Facts, graph = wait5): Omit<Scenario, 'name'> => ({
  graph,
  facts,
  terminal: 'w',
  kind: 'wait',
  path: [['start', 'next'], ['w']],
});
const passed = (facts: Facts, graph = wait5): Omit<Scenario, 'name'> => ({
  graph,
  facts,
  terminal: 'act',
  kind: 'action',
  path: [['start', 'next'], ['w', 'next'], ['act']],
});
const WAIT: Scenario[] = [
  { name: 'holds at 0 days of 5', ...held({ daysSinceLastAction: 0 }) },
  { name: 'holds at 4 days of 5', ...held({ daysSinceLastAction: 4 }) },
  { name: 'holds on a negative count', ...held({ daysSinceLastAction: -2 }) },
  { name: 'passes at exactly 5 days of 5', ...passed({ daysSinceLastAction: 5 }) },
  { name: 'passes at 6 days of 5', ...passed({ daysSinceLastAction: 6 }) },
  { name: 'passes when the fact is missing (no action taken yet)', ...passed({}) },
  {
    name: 'passes when the fact is explicitly undefined',
    ...passed({ daysSinceLastAction: undefined, daysPastDue: 2 }),
  },
  { name: 'holds 5 days before the due date with a threshold of -3', ...held({ daysPastDue: -5 }, waitMinus3) },
  { name: 'passes 3 days before the due date with a threshold of -3', ...passed({ daysPastDue: -3 }, waitMinus3) },
];

// --- condition: a comparison on a missing fact is false whatever the operator, so "no" is taken.
const MISSING_FACT_COMPARISONS: Comparison[] = [
  { fact: 'amount', operator: 'equal', value: 100 },
  { fact: 'amount', operator: 'notEqual', value: 100 },
  { fact: 'amount', operator: 'lessThan', value: 100 },
  { fact: 'amount', operator: 'lessThanInclusive', value: 100 },
  { fact: 'amount', operator: 'greaterThan', value: 100 },
  { fact: 'amount', operator: 'greaterThanInclusive', value: 100 },
  { fact: 'amount', operator: 'in', value: [100, 200] },
  { fact: 'amount', operator: 'notIn', value: [100, 200] },
  { fact: 'disputed', operator: 'equal', value: false },
  { fact: 'disputed', operator: 'notEqual', value: true },
  { fact: 'segment', operator: 'equal', value: 'enterprise' },
  { fact: 'segment', operator: 'notEqual', value: 'enterprise' },
  { fact: 'segment', operator: 'in', value: ['enterprise'] },
  { fact: 'segment', operator: 'notIn', value: ['enterprise'] },
];
const yes = (graph: PolicyGraph, facts: Facts): Omit<Scenario, 'name'> => ({
  graph,
  facts,
  terminal: 'y',
  kind: 'stop',
  path: [['start', 'next'], ['c', 'yes'], ['y']],
});
const no = (graph: PolicyGraph, facts: Facts): Omit<Scenario, 'name'> => ({
  graph,
  facts,
  terminal: 'n',
  kind: 'stop',
  path: [['start', 'next'], ['c', 'no'], ['n']],
});
const describeComparison = (c: Comparison) => `${c.fact} ${c.operator} ${JSON.stringify(c.value)}`;

const CONDITION: Scenario[] = [
  ...MISSING_FACT_COMPARISONS.map((c): Scenario => ({
    name: `takes "no" for ${describeComparison(c)} when ${c.fact} is missing`,
    ...no(conditionGraph(c), { daysPastDue: 10, lateProbability: 0.4 }),
  })),
  // The same comparisons do hold for a present value, so "no" above is down to the missing fact.
  {
    name: 'takes "yes" for amount notEqual 100 when amount is 50',
    ...yes(conditionGraph({ fact: 'amount', operator: 'notEqual', value: 100 }), { amount: 50 }),
  },
  {
    name: 'takes "yes" for amount notIn [100,200] when amount is 50',
    ...yes(conditionGraph({ fact: 'amount', operator: 'notIn', value: [100, 200] }), { amount: 50 }),
  },
  {
    name: 'takes "no" for amount notIn [100,200] when amount is 200',
    ...no(conditionGraph({ fact: 'amount', operator: 'notIn', value: [100, 200] }), { amount: 200 }),
  },
  {
    name: 'takes "yes" for disputed notEqual true when disputed is false',
    ...yes(conditionGraph({ fact: 'disputed', operator: 'notEqual', value: true }), { disputed: false }),
  },
  {
    name: 'takes "yes" for segment notIn [enterprise] when segment is mid_market',
    ...yes(conditionGraph({ fact: 'segment', operator: 'notIn', value: ['enterprise'] }), { segment: 'mid_market' }),
  },
  {
    name: 'takes "yes" for segment notEqual enterprise when segment is public_sector',
    ...yes(conditionGraph({ fact: 'segment', operator: 'notEqual', value: 'enterprise' }), {
      segment: 'public_sector',
    }),
  },
  {
    name: 'takes "no" for all(amount notEqual 100 [missing], disputed equal false)',
    ...no(
      conditionGraph({
        all: [
          { fact: 'amount', operator: 'notEqual', value: 100 },
          { fact: 'disputed', operator: 'equal', value: false },
        ],
      }),
      { disputed: false },
    ),
  },
  {
    name: 'takes "yes" for any(amount notIn [1] [missing], disputed equal false)',
    ...yes(
      conditionGraph({
        any: [
          { fact: 'amount', operator: 'notIn', value: [1] },
          { fact: 'disputed', operator: 'equal', value: false },
        ],
      }),
      { disputed: false },
    ),
  },
];

// --- switch: the first true case wins, the default takes the rest.
const stages = switchGraph([
  ['late60', { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 60 }],
  ['late30', { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 30 }],
  ['big', { fact: 'amount', operator: 'greaterThan', value: 1000 }],
]);
const negatives = switchGraph([
  ['notKey', { fact: 'segment', operator: 'notIn', value: ['enterprise', 'public_sector'] }],
  ['undisputed', { fact: 'disputed', operator: 'notEqual', value: true }],
]);
const toCase = (graph: PolicyGraph, facts: Facts, handle: string): Omit<Scenario, 'name'> => ({
  graph,
  facts,
  terminal: `to-${handle}`,
  kind: 'stop',
  path: [['start', 'next'], ['sw', handle], [`to-${handle}`]],
});
const SWITCH: Scenario[] = [
  { name: 'takes the first case when all three hold', ...toCase(stages, { daysPastDue: 75, amount: 5000 }, 'late60') },
  {
    name: 'takes the second case when the first fails and the second and third hold',
    ...toCase(stages, { daysPastDue: 30, amount: 5000 }, 'late30'),
  },
  { name: 'takes the third case when only it holds', ...toCase(stages, { daysPastDue: 5, amount: 5000 }, 'big') },
  {
    name: 'takes the third case when the fact of the first two is missing',
    ...toCase(stages, { amount: 1001 }, 'big'),
  },
  { name: 'takes the default when no case holds', ...toCase(stages, { daysPastDue: 29, amount: 1000 }, 'default') },
  { name: 'takes the default when every fact is missing', ...toCase(stages, {}, 'default') },
  { name: 'takes the default for notIn/notEqual cases on missing facts', ...toCase(negatives, {}, 'default') },
  { name: 'takes a notEqual case on a present fact', ...toCase(negatives, { disputed: false }, 'undisputed') },
  {
    name: 'takes the first of two true negative cases',
    ...toCase(negatives, { segment: 'mid_market', disputed: false }, 'notKey'),
  },
];

const SCENARIOS: Array<[string, Scenario[]]> = [
  ['wait', WAIT],
  ['condition', CONDITION],
  ['switch', SWITCH],
];

describe('the scenarios', () => {
  it('use valid graphs', () => {
    for (const [, scenarios] of SCENARIOS) {
      for (const { name, graph } of scenarios) expect(hasErrors(validateGraph(graph)), name).toBe(false);
    }
  });
});

describe.each(SCENARIOS)('interpret: %s', (_, scenarios) => {
  it.each(scenarios)('$name', ({ graph, facts, terminal, kind, path }) => {
    const verdict = interpret(indexGraph(graph), facts);
    expect(verdict.terminal).toBe(terminal);
    expect(verdict.kind).toBe(kind);
    expect(verdict.path.map((s) => (s.handle === undefined ? [s.nodeId] : [s.nodeId, s.handle]))).toEqual(path);
    expect(verdict.path.map((s) => s.kind)).toEqual(path.map(([id]) => graph.nodes.find((n) => n.id === id)!.kind));
  });
});

describe.each(SCENARIOS)('compiled rule set in json-rules-engine: %s', (_, scenarios) => {
  const evaluators = new Map<PolicyGraph, RuleSetEvaluator>();
  const evaluatorFor = (graph: PolicyGraph): RuleSetEvaluator => {
    if (!evaluators.has(graph))
      evaluators.set(graph, new RuleSetEvaluator(compilePolicy(graph, { policyId: 'p', version: 1 })));
    return evaluators.get(graph)!;
  };

  it.each(scenarios)('$name', async ({ graph, facts, terminal, kind, path }) => {
    const run = await evaluatorFor(graph).run(facts);
    expect(run.event.nodeId).toBe(terminal);
    expect(run.event.kind).toBe(kind);
    expect(run.path).toEqual(path.map(([nodeId, handle]) => (handle === undefined ? { nodeId } : { nodeId, handle })));
    const node = graph.nodes.find((n) => n.id === terminal)!;
    if (run.event.kind === 'wait' && node.kind === 'wait')
      expect(run.event).toMatchObject({ fact: node.fact, days: node.days });
    if (run.event.kind === 'action' && node.kind === 'action') expect(run.event.action).toEqual(node.action);
    if (run.event.kind === 'stop' && node.kind === 'stop') expect(run.event.reason).toBe(node.reason);
  });
});

describe('compiled rule set: a missing fact in the explanation', () => {
  it.each(MISSING_FACT_COMPARISONS.filter((c) => c.operator === 'notEqual' || c.operator === 'notIn'))(
    'shows $fact $operator as false with no value seen',
    async (comparison) => {
      const run = await new RuleSetEvaluator(
        compilePolicy(conditionGraph(comparison), { policyId: 'p', version: 1 }),
      ).run({});
      expect(run.event.nodeId).toBe('n');
      const seen = run.named.get(names.comparison('c', 0));
      expect(seen).toBeDefined();
      expect(seen!.result).toBe(false);
      expect(seen!.factValue).toBeUndefined();
    },
  );
});
