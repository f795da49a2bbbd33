/** Graph builders and fast-check arbitraries for the policy core's tests and benchmarks. */
import fc from 'fast-check';
import {
  indexGraph,
  outputHandles,
  reachableFrom,
  SEGMENTS,
  splitFactName,
  type Comparison,
  type Facts,
  type PolicyEdge,
  type PolicyGraph,
  type PolicyNode,
  type Predicate,
} from '../src/policy';

/** Connects `nodes` by their output handles to the given targets, dropping what the start cannot reach. */
export function connect(nodes: PolicyNode[], targets: Array<[string, string, string]>): PolicyGraph {
  const edges: PolicyEdge[] = targets.map(([source, sourceHandle, target], i) => ({
    id: `e${i}`,
    source,
    sourceHandle,
    target,
  }));
  const graph = { nodes, edges };
  const reachable = reachableFrom(indexGraph(graph), nodes.find((n) => n.kind === 'start')!.id);
  return {
    nodes: nodes.filter((n) => reachable.has(n.id)),
    edges: edges.filter((e) => reachable.has(e.source)),
  };
}

/** `count` diamonds in a row: each a condition whose two branches merge again, then one action. */
export function diamondChain(count: number): PolicyGraph {
  const nodes: PolicyNode[] = [{ id: 'start', kind: 'start' }];
  const edges: Array<[string, string, string]> = [];
  let previous: [string, string] = ['start', 'next'];
  for (let i = 0; i < count; i++) {
    nodes.push(
      { id: `c${i}`, kind: 'condition', predicate: { fact: 'daysPastDue', operator: 'greaterThan', value: i } },
      { id: `y${i}`, kind: 'wait', fact: 'daysSinceLastAction', days: i },
      { id: `n${i}`, kind: 'wait', fact: 'daysSinceIssue', days: i },
      {
        id: `m${i}`,
        kind: 'condition',
        predicate: { fact: 'amount', operator: 'greaterThanInclusive', value: i * 100 },
      },
    );
    edges.push(
      [previous[0], previous[1], `c${i}`],
      [`c${i}`, 'yes', `y${i}`],
      [`c${i}`, 'no', `n${i}`],
      [`y${i}`, 'next', `m${i}`],
      [`n${i}`, 'next', `m${i}`],
    );
    nodes.push({ id: `s${i}`, kind: 'stop', reason: 'small_amount' });
    edges.push([`m${i}`, 'no', `s${i}`]);
    previous = [`m${i}`, 'yes'];
  }
  nodes.push({
    id: 'act',
    kind: 'action',
    action: { type: 'email', template: 'reminder', level: 1, priority: 'normal', fallback: 'letter' },
  });
  edges.push([previous[0], previous[1], 'act']);
  return connect(nodes, edges);
}

// Small value pools make equal comparisons and boundaries hit often.
const numberFacts = ['daysPastDue', 'amount', 'stepsTaken', 'daysSinceLastAction'] as const;
const smallNumber = fc.integer({ min: -3, max: 3 });

const comparison: fc.Arbitrary<Comparison> = fc.oneof(
  fc.record({
    fact: fc.constantFrom(...numberFacts),
    operator: fc.constantFrom(
      'equal',
      'notEqual',
      'lessThan',
      'lessThanInclusive',
      'greaterThan',
      'greaterThanInclusive' as const,
    ),
    value: smallNumber,
  }),
  fc.record({
    fact: fc.constantFrom(...numberFacts),
    operator: fc.constantFrom('in', 'notIn' as const),
    value: fc.uniqueArray(smallNumber, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    fact: fc.constantFrom('disputed', 'emailAllowed'),
    operator: fc.constantFrom('equal', 'notEqual' as const),
    value: fc.boolean(),
  }),
  fc.record({
    fact: fc.constant('segment'),
    operator: fc.constantFrom('equal', 'notEqual' as const),
    value: fc.constantFrom(...SEGMENTS),
  }),
  fc.record({
    fact: fc.constant('segment'),
    operator: fc.constantFrom('in', 'notIn' as const),
    value: fc.uniqueArray(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }),
  }),
);

const predicate: fc.Arbitrary<Predicate> = fc.letrec<{ p: Predicate }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.record({ all: fc.array(tie('p'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('p'), { minLength: 1, maxLength: 3 }) }),
  ),
})).p;

const innerNode = (id: string): fc.Arbitrary<PolicyNode> =>
  fc.oneof(
    predicate.map((p): PolicyNode => ({ id, kind: 'condition', predicate: p })),
    fc.array(predicate, { minLength: 1, maxLength: 3 }).map((ps): PolicyNode => ({
      id,
      kind: 'switch',
      cases: ps.map((p, i) => ({ id: `case${i}`, predicate: p })),
    })),
    fc.integer({ min: 0, max: 100 }).chain((w) =>
      fc.constant<PolicyNode>({
        id,
        kind: 'split',
        arms: [
          { id: 'A', weight: w },
          { id: 'B', weight: 100 - w },
        ],
      }),
    ),
    fc
      .record({ fact: fc.constantFrom('daysPastDue', 'daysSinceLastAction'), days: smallNumber })
      .map(({ fact, days }): PolicyNode => ({ id, kind: 'wait', fact, days })),
  );

/** Random valid graphs: inner nodes in a fixed order, each output wired to any later node, so branches merge. */
export const validGraph: fc.Arbitrary<PolicyGraph> = fc
  .record({ inner: fc.integer({ min: 1, max: 10 }), terminals: fc.integer({ min: 1, max: 4 }) })
  .chain(({ inner, terminals }) => {
    const terminalNodes: PolicyNode[] = Array.from({ length: terminals }, (_, i) =>
      i % 2 === 0
        ? { id: `t${i}`, kind: 'action', action: { type: 'letter', template: `t${i}`, level: i, priority: 'normal' } }
        : { id: `t${i}`, kind: 'stop', reason: 'disputed' },
    );
    return fc.tuple(...Array.from({ length: inner }, (_, i) => innerNode(`n${i}`))).chain((innerNodes) => {
      const ordered: PolicyNode[] = [{ id: 'start', kind: 'start' }, ...innerNodes, ...terminalNodes];
      const wires = ordered.flatMap((node, i) =>
        outputHandles(node).map((h) =>
          fc
            .integer({ min: i + 1, max: ordered.length - 1 })
            .map((j): [string, string, string] => [node.id, h, ordered[j]!.id]),
        ),
      );
      return fc.tuple(...wires).map((targets) => connect(ordered, targets));
    });
  });

/** Random facts for a graph, with missing ones; split buckets are always there, as the engine supplies them. */
export function factsFor(graph: PolicyGraph): fc.Arbitrary<Facts> {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 4 });
  const splits = graph.nodes.filter((n) => n.kind === 'split');
  return fc
    .record({
      daysPastDue: maybe(smallNumber),
      amount: maybe(smallNumber),
      stepsTaken: maybe(smallNumber),
      daysSinceLastAction: maybe(smallNumber),
      disputed: maybe(fc.boolean()),
      emailAllowed: maybe(fc.boolean()),
      segment: maybe(fc.constantFrom(...SEGMENTS)),
      buckets: fc.tuple(...splits.map(() => fc.integer({ min: 0, max: 99 }))),
    })
    .map(({ buckets, ...facts }) => ({
      ...facts,
      ...Object.fromEntries(splits.map((n, i) => [splitFactName(n.id), buckets[i]])),
    }));
}

/**
 * A graph of `size` steps made to be slow to validate: a chain of conditions with loops back up
 * the chain and a contact step without a consent check hanging off the others, so checks that
 * walk ancestors or descendants once per step would take quadratic time.
 */
export function tangledGraph(size: number): PolicyGraph {
  const nodes: PolicyNode[] = [{ id: 'start', kind: 'start' }];
  const edges: PolicyEdge[] = [{ id: 'e-start', source: 'start', sourceHandle: 'next', target: 'c0' }];
  const action = (id: string): PolicyNode => ({
    id,
    kind: 'action',
    action: { type: 'email', template: 'reminder', level: 1, priority: 'normal' },
  });
  for (let i = 0; nodes.length < size; i++) {
    nodes.push({
      id: `c${i}`,
      kind: 'condition',
      predicate: { fact: 'daysPastDue', operator: 'greaterThan', value: i },
    });
    const room = size - nodes.length;
    // The last condition leads to its own contact step if there is room for one, else back to the first.
    const yes = room >= 2 ? `c${i + 1}` : room === 1 ? `a${i}` : 'c0';
    const loop = room === 0 || (room >= 2 && i % 2 === 1 && i >= 10);
    edges.push({ id: `y${i}`, source: `c${i}`, sourceHandle: 'yes', target: yes });
    edges.push({
      id: `n${i}`,
      source: `c${i}`,
      sourceHandle: 'no',
      target: loop ? `c${Math.max(0, i - 10)}` : `a${i}`,
    });
    if (!loop) nodes.push(action(`a${i}`));
  }
  return { nodes, edges };
}
