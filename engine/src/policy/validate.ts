/**
 * Validation of a policy graph: every problem at once, each with a stable code, a message
 * a finance user understands, and the node or edge it concerns. The editor and the API
 * show the same diagnostics.
 */
import { CONSENT_FACT, getFact, isDayCountFact, type FactDefinition } from './facts';
import { indexGraph, reachableFrom, successors, topologicalOrder } from './graph';
import {
  comparisonsOf,
  outputHandles,
  TERMINAL_KINDS,
  type Comparison,
  type Operator,
  type PolicyGraph,
  type PolicyNode,
} from './schema';

export const DIAGNOSTIC_CODES = [
  'NO_START',
  'MULTIPLE_STARTS',
  'DUPLICATE_ID',
  'DANGLING_EDGE',
  'INVALID_HANDLE',
  'DUPLICATE_EDGE',
  'EDGE_INTO_START',
  'CYCLE',
  'UNREACHABLE_NODE',
  'MISSING_BRANCH',
  'DEAD_END',
  'UNKNOWN_FACT',
  'INVALID_OPERATOR',
  'INVALID_VALUE',
  'DUPLICATE_HANDLE',
  'SPLIT_WEIGHTS',
  'INVALID_WAIT_FACT',
  'MISSING_TARGET',
  'INVALID_FALLBACK',
  'NO_CONSENT_CHECK',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Where in the node: `predicate[i]` or `cases.<n>.predicate[i]` (i counts comparisons depth first), or an output handle. */
  path?: string;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

const NUMBER_OPERATORS: readonly Operator[] = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
];
const OPERATORS_BY_TYPE: Record<FactDefinition['type'], readonly Operator[]> = {
  number: NUMBER_OPERATORS,
  integer: NUMBER_OPERATORS,
  boolean: ['equal', 'notEqual'],
  enum: ['equal', 'notEqual', 'in', 'notIn'],
};

export function operatorsFor(fact: FactDefinition): readonly Operator[] {
  return OPERATORS_BY_TYPE[fact.type];
}

/** Why a comparison's value does not suit its fact and operator, or undefined when it does. */
export function valueProblem(fact: FactDefinition, c: Comparison): string | undefined {
  const list = c.operator === 'in' || c.operator === 'notIn';
  const values: unknown[] = list ? (Array.isArray(c.value) ? c.value : []) : [c.value];
  if (list && (!Array.isArray(c.value) || c.value.length === 0)) return 'needs a list of at least one value';
  if (!list && Array.isArray(c.value)) return 'needs a single value, not a list';
  for (const v of values) {
    if (fact.type === 'boolean' && typeof v !== 'boolean') return 'needs yes or no';
    if ((fact.type === 'number' || fact.type === 'integer') && typeof v !== 'number') return 'needs a number';
    if (fact.type === 'integer' && !Number.isInteger(v)) return 'needs a whole number';
    if (fact.type === 'enum' && !fact.values.includes(v as string)) return `"${String(v)}" is not one of its values`;
  }
  return undefined;
}

function predicateDiagnostics(
  node: PolicyNode,
  scopes: Array<{ path: string; comparisons: Comparison[] }>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { path, comparisons } of scopes) {
    comparisons.forEach((c, i) => {
      const at = { nodeId: node.id, path: `${path}[${i}]` };
      const fact = getFact(c.fact);
      if (!fact) {
        out.push({ code: 'UNKNOWN_FACT', severity: 'error', message: `"${c.fact}" is not a known fact`, ...at });
        return;
      }
      if (!operatorsFor(fact).includes(c.operator)) {
        out.push({
          code: 'INVALID_OPERATOR',
          severity: 'error',
          message: `"${c.operator}" cannot be used with ${fact.name} (${fact.type})`,
          ...at,
        });
        return;
      }
      const problem = valueProblem(fact, c);
      if (problem) out.push({ code: 'INVALID_VALUE', severity: 'error', message: `${fact.name} ${problem}`, ...at });
    });
  }
  return out;
}

function nodeDiagnostics(node: PolicyNode): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = { nodeId: node.id };
  switch (node.kind) {
    case 'condition':
      out.push(...predicateDiagnostics(node, [{ path: 'predicate', comparisons: comparisonsOf(node.predicate) }]));
      break;
    case 'switch': {
      out.push(
        ...predicateDiagnostics(
          node,
          node.cases.map((c, i) => ({ path: `cases.${i}.predicate`, comparisons: comparisonsOf(c.predicate) })),
        ),
      );
      const ids = node.cases.map((c) => c.id);
      if (new Set(ids).size !== ids.length || ids.includes('default')) {
        out.push({
          code: 'DUPLICATE_HANDLE',
          severity: 'error',
          message: 'Each case needs its own name, other than "default"',
          ...at,
        });
      }
      break;
    }
    case 'split': {
      const total = node.arms.reduce((sum, a) => sum + a.weight, 0);
      if (total !== 100)
        out.push({
          code: 'SPLIT_WEIGHTS',
          severity: 'error',
          message: `Split weights add up to ${total}%, not 100%`,
          ...at,
        });
      if (new Set(node.arms.map((a) => a.id)).size !== node.arms.length) {
        out.push({ code: 'DUPLICATE_HANDLE', severity: 'error', message: 'Each split arm needs its own name', ...at });
      }
      break;
    }
    case 'wait':
      if (!isDayCountFact(node.fact)) {
        out.push({
          code: 'INVALID_WAIT_FACT',
          severity: 'error',
          message: `A wait needs a day count such as daysPastDue, not "${node.fact}"`,
          ...at,
        });
      }
      break;
    case 'action': {
      const { type, target, fallback } = node.action;
      if (type === 'escalate' && !target) {
        out.push({
          code: 'MISSING_TARGET',
          severity: 'error',
          message: 'Say who the invoice is escalated to (collector, agency or legal)',
          ...at,
        });
      }
      if (fallback && (fallback === type || fallback === 'task' || fallback === 'escalate')) {
        out.push({
          code: 'INVALID_FALLBACK',
          severity: 'error',
          message: 'The fallback must be another contact channel (email, sms, call or letter)',
          ...at,
        });
      }
      break;
    }
    default:
      break;
  }
  return out;
}

function structureDiagnostics(graph: PolicyGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seenNodes = new Set<string>();
  for (const node of graph.nodes) {
    if (seenNodes.has(node.id))
      out.push({
        code: 'DUPLICATE_ID',
        severity: 'error',
        message: `Two steps share the id "${node.id}"`,
        nodeId: node.id,
      });
    seenNodes.add(node.id);
  }
  const seenEdges = new Set<string>();
  for (const edge of graph.edges) {
    if (seenEdges.has(edge.id))
      out.push({
        code: 'DUPLICATE_ID',
        severity: 'error',
        message: `Two connections share the id "${edge.id}"`,
        edgeId: edge.id,
      });
    seenEdges.add(edge.id);
  }

  const index = indexGraph(graph);
  const starts = index.starts;
  if (starts.length === 0) out.push({ code: 'NO_START', severity: 'error', message: 'The policy needs a start step' });
  if (starts.length > 1) {
    for (const s of starts)
      out.push({
        code: 'MULTIPLE_STARTS',
        severity: 'error',
        message: 'The policy has more than one start step',
        nodeId: s.id,
      });
  }

  const usedHandles = new Set<string>();
  for (const edge of graph.edges) {
    const at = { edgeId: edge.id };
    const source = index.nodes.get(edge.source);
    if (!source || !index.nodes.has(edge.target)) {
      out.push({
        code: 'DANGLING_EDGE',
        severity: 'error',
        message: 'This connection is not attached at both ends',
        ...at,
      });
      continue;
    }
    if (!outputHandles(source).includes(edge.sourceHandle)) {
      const message = TERMINAL_KINDS.has(source.kind)
        ? 'Nothing can follow an action or a stop'
        : `"${edge.sourceHandle}" is not an output of this step`;
      out.push({ code: 'INVALID_HANDLE', severity: 'error', message, ...at, nodeId: source.id });
      continue;
    }
    const handleKey = `${edge.source}\u001f${edge.sourceHandle}`;
    if (usedHandles.has(handleKey)) {
      out.push({
        code: 'DUPLICATE_EDGE',
        severity: 'error',
        message: 'An output can lead to one step only',
        ...at,
        nodeId: source.id,
      });
    }
    usedHandles.add(handleKey);
    if (index.nodes.get(edge.target)!.kind === 'start') {
      out.push({ code: 'EDGE_INTO_START', severity: 'error', message: 'Nothing can lead back into the start', ...at });
    }
  }

  const all = new Set(index.nodes.keys());
  const { cyclic } = topologicalOrder(index, all);
  // Kahn leaves behind cycle members and whatever hangs below them; report the members.
  const onCycle = cyclic.filter((id) => successors(index, id).some((s) => reachableFrom(index, s).has(id)));
  for (const id of onCycle)
    out.push({
      code: 'CYCLE',
      severity: 'error',
      message: 'This step is part of a loop; a policy must always move forward',
      nodeId: id,
    });

  const reachable = starts.length === 1 ? reachableFrom(index, starts[0]!.id) : undefined;
  for (const node of graph.nodes) {
    if (reachable && !reachable.has(node.id)) {
      out.push({
        code: 'UNREACHABLE_NODE',
        severity: 'error',
        message: 'No path from the start reaches this step',
        nodeId: node.id,
      });
    }
    const handles = outputHandles(node);
    const connected = handles.filter((h) => usedHandles.has(`${node.id}\u001f${h}`));
    if (handles.length > 0 && connected.length === 0) {
      out.push({
        code: 'DEAD_END',
        severity: 'error',
        message: 'This step leads nowhere: connect it to an action or a stop',
        nodeId: node.id,
      });
    } else {
      for (const h of handles.filter((x) => !connected.includes(x))) {
        out.push({
          code: 'MISSING_BRANCH',
          severity: 'error',
          message: `The "${h}" output is not connected`,
          nodeId: node.id,
          path: h,
        });
      }
    }
  }
  return out;
}

/** Warn when a channel needing consent is used with no fallback and nothing on the way checks consent. */
function consentDiagnostics(graph: PolicyGraph): Diagnostic[] {
  const index = indexGraph(graph);
  const testedOnTheWay = (nodeId: string, fact: string): boolean => {
    const seen = new Set<string>();
    const stack = (index.incoming.get(nodeId) ?? []).map((e) => e.source);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const node = index.nodes.get(id)!;
      const predicates =
        node.kind === 'condition' ? [node.predicate] : node.kind === 'switch' ? node.cases.map((c) => c.predicate) : [];
      if (predicates.some((p) => comparisonsOf(p).some((c) => c.fact === fact))) return true;
      stack.push(...(index.incoming.get(id) ?? []).map((e) => e.source));
    }
    return false;
  };
  const out: Diagnostic[] = [];
  for (const node of graph.nodes) {
    if (node.kind !== 'action' || node.action.fallback) continue;
    const consent = CONSENT_FACT[node.action.type];
    if (consent && !testedOnTheWay(node.id, consent)) {
      out.push({
        code: 'NO_CONSENT_CHECK',
        severity: 'warning',
        nodeId: node.id,
        message: `Customers without ${consent} will not be contacted here: add a fallback channel or check consent before this step`,
      });
    }
  }
  return out;
}

export function validateGraph(graph: PolicyGraph): Diagnostic[] {
  return [...structureDiagnostics(graph), ...graph.nodes.flatMap(nodeDiagnostics), ...consentDiagnostics(graph)];
}
