/**
 * A policy graph as a GoRules JDM decision, for the rules benchmark only: the same graph node for
 * node (switch nodes for conditions, switches, splits and waits; an expression node per terminal),
 * so zen-engine walks what the rule set describes. Comparisons are translated from the rule set's
 * compiled forms (`compileComparison`), each guarded: in zen a comparison on a missing fact is an
 * error that turns a whole statement false, and `!=` is true on a missing fact, while in Dunwell a
 * comparison on a missing or null fact is false.
 */
import {
  armRanges,
  compileComparison,
  isComparison,
  splitFactName,
  type JreCondition,
  type NodeKind,
  type NodeOf,
  type PolicyGraph,
  type PolicyNode,
  type Predicate,
} from '../src/policy';

/** zen reads `a.b` as a path, so facts are renamed to plain identifiers. */
export const zenName = (fact: string): string => fact.replace(/[^A-Za-z0-9_]/g, '_');

const literal = (value: unknown): string =>
  Array.isArray(value) ? `[${value.map(literal).join(', ')}]` : JSON.stringify(value);

const ZEN_OPERATORS: Record<string, string> = {
  equal: '==',
  lessThan: '<',
  lessThanInclusive: '<=',
  greaterThan: '>',
  greaterThanInclusive: '>=',
  in: 'in',
};

function expression(c: JreCondition): string {
  if ('fact' in c) {
    const op = ZEN_OPERATORS[c.operator];
    if (!op) throw new Error(`the JDM translation has no ${c.operator}`);
    const fact = zenName(c.fact);
    return `(${fact} != null and ${fact} ${op} ${literal(c.value)})`;
  }
  if ('all' in c) return c.all.length === 0 ? 'true' : `(${c.all.map(expression).join(' and ')})`;
  if ('any' in c) return c.any.length === 0 ? 'true' : `(${c.any.map(expression).join(' or ')})`;
  if ('not' in c) return `(not ${expression(c.not)})`;
  throw new Error('the JDM translation takes no references');
}

function predicateExpression(p: Predicate): string {
  if (isComparison(p)) return expression(compileComparison(p));
  return 'all' in p
    ? `(${p.all.map(predicateExpression).join(' and ')})`
    : `(${p.any.map(predicateExpression).join(' or ')})`;
}

const at = { x: 0, y: 0 };
const DEFAULT = '';

type Statement = { handle: string; condition: string };

/** The switch statements each kind of node leaves through, first match wins; `undefined` for a terminal. */
const STATEMENTS: { [K in NodeKind]: (node: NodeOf<K>) => Statement[] | undefined } = {
  start: () => [{ handle: 'next', condition: DEFAULT }],
  condition: (node) => [
    { handle: 'yes', condition: predicateExpression(node.predicate) },
    { handle: 'no', condition: DEFAULT },
  ],
  switch: (node) => [
    ...node.cases.map((c) => ({ handle: c.id, condition: predicateExpression(c.predicate) })),
    { handle: 'default', condition: DEFAULT },
  ],
  split: (node) => {
    const bucket = zenName(splitFactName(node.id));
    return armRanges(node).map((r) => ({
      handle: r.armId,
      condition: `(${bucket} != null and ${bucket} >= ${r.from} and ${bucket} < ${r.to})`,
    }));
  },
  wait: (node) => {
    const fact = zenName(node.fact);
    return [
      { handle: 'held', condition: `(${fact} != null and ${fact} < ${node.days})` },
      { handle: 'next', condition: DEFAULT },
    ];
  },
  action: () => undefined,
  stop: () => undefined,
};

const statements = <N extends PolicyNode>(node: N): Statement[] | undefined =>
  (STATEMENTS[node.kind] as (node: N) => Statement[] | undefined)(node);

/** The JDM decision whose result is `{ terminal: <node id> }`, the node the policy ends at. */
export function toJdm(graph: PolicyGraph): object {
  const nodes: object[] = [
    { id: '__input', type: 'inputNode', name: 'input', position: at },
    { id: '__output', type: 'outputNode', name: 'output', position: at },
  ];
  const edges: object[] = [];
  const edge = (sourceId: string, targetId: string, sourceHandle?: string) =>
    edges.push({ id: `e${edges.length}`, type: 'edge', sourceId, targetId, ...(sourceHandle ? { sourceHandle } : {}) });
  const terminal = (id: string, nodeId: string) => {
    nodes.push({
      id,
      type: 'expressionNode',
      name: id,
      position: at,
      content: { expressions: [{ id: 'terminal', key: 'terminal', value: JSON.stringify(nodeId) }] },
    });
    edge(id, '__output');
  };
  for (const node of graph.nodes) {
    const leaves = statements(node);
    if (!leaves) {
      terminal(node.id, node.id);
      continue;
    }
    nodes.push({
      id: node.id,
      type: 'switchNode',
      name: node.id,
      position: at,
      content: { hitPolicy: 'first', statements: leaves.map((s) => ({ id: s.handle, condition: s.condition })) },
    });
    if (node.kind === 'wait') {
      terminal(`${node.id}.held`, node.id);
      edge(node.id, `${node.id}.held`, 'held');
    }
  }
  const start = graph.nodes.find((n) => n.kind === 'start')!;
  edge('__input', start.id);
  for (const e of graph.edges) edge(e.source, e.target, e.sourceHandle);
  return { nodes, edges };
}

/** Facts under the names the JDM reads. */
export const zenContext = (facts: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(facts).map(([name, value]) => [zenName(name), value]));
