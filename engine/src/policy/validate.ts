/**
 * Validation of a policy graph: every problem at once (see diagnostics.ts). The structure is
 * checked here; each node's content by its kind's module, its predicates against the fact
 * catalogue.
 */
import { type Diagnostic } from './diagnostics';
import { indexGraph, nodesOnCycles, reachableFrom, successors, type GraphIndex } from './graph';
import { kindOf, outputHandles, outputLabel, type PolicyNode } from './nodes';
import { type ValidationContext } from './nodes/kind';
import { comparisonsOf, predicateDiagnostics } from './predicate';
import { type PolicyGraph } from './schema';

function structureDiagnostics(graph: PolicyGraph, index: GraphIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seenNodes = new Set<string>();
  for (const node of graph.nodes) {
    if (seenNodes.has(node.id)) {
      out.push({
        code: 'DUPLICATE_ID',
        severity: 'error',
        message: `Two steps share the id "${node.id}"`,
        nodeId: node.id,
      });
    }
    seenNodes.add(node.id);
  }
  const seenEdges = new Set<string>();
  for (const edge of graph.edges) {
    if (seenEdges.has(edge.id)) {
      const message = `Two connections share the id "${edge.id}"`;
      out.push({ code: 'DUPLICATE_ID', severity: 'error', message, edgeId: edge.id });
    }
    seenEdges.add(edge.id);
  }

  const starts = index.starts;
  if (starts.length === 0) out.push({ code: 'NO_START', severity: 'error', message: 'The policy needs a start step' });
  if (starts.length > 1) {
    for (const s of starts) {
      out.push({
        code: 'MULTIPLE_STARTS',
        severity: 'error',
        message: 'The policy has more than one start step',
        nodeId: s.id,
      });
    }
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
    const handles = outputHandles(source);
    if (!handles.includes(edge.sourceHandle)) {
      const message =
        handles.length === 0
          ? 'Nothing can follow an action or a stop'
          : `“${edge.sourceHandle}” is not an output of this step`;
      out.push({ code: 'INVALID_HANDLE', severity: 'error', message, ...at, nodeId: source.id });
      continue;
    }
    const handleKey = `${edge.source}\u001f${edge.sourceHandle}`;
    if (usedHandles.has(handleKey)) {
      const message = 'An output can lead to one step only';
      out.push({ code: 'DUPLICATE_EDGE', severity: 'error', message, ...at, nodeId: source.id });
    }
    usedHandles.add(handleKey);
    if (index.nodes.get(edge.target)!.kind === 'start') {
      out.push({ code: 'EDGE_INTO_START', severity: 'error', message: 'Nothing can lead back into the start', ...at });
    }
  }

  const onCycle = nodesOnCycles(index);
  for (const id of index.nodes.keys()) {
    if (!onCycle.has(id)) continue;
    const message = 'This step is part of a loop; a policy must always move forward';
    out.push({ code: 'CYCLE', severity: 'error', message, nodeId: id });
  }

  const reachable = starts.length === 1 ? reachableFrom(index, starts[0]!.id) : undefined;
  for (const node of graph.nodes) {
    if (reachable && !reachable.has(node.id)) {
      const message = 'No path from the start reaches this step';
      out.push({ code: 'UNREACHABLE_NODE', severity: 'error', message, nodeId: node.id });
    }
    const handles = outputHandles(node);
    const connected = handles.filter((h) => usedHandles.has(`${node.id}\u001f${h}`));
    if (handles.length > 0 && connected.length === 0) {
      const message = 'This step leads nowhere: connect it to an action or a stop';
      out.push({ code: 'DEAD_END', severity: 'error', message, nodeId: node.id });
    } else {
      for (const h of handles.filter((x) => !connected.includes(x))) {
        const message = `The “${outputLabel(node, h)}” output is not connected`;
        out.push({ code: 'MISSING_BRANCH', severity: 'error', message, nodeId: node.id, path: h });
      }
    }
  }
  return out;
}

/**
 * Whether a node on some path into `nodeId` tests `fact` in one of its predicates. Per fact, one
 * walk down from every node that tests it marks all the nodes below them, so asking for every
 * node costs no more than that walk.
 */
function testedBefore(index: GraphIndex): ValidationContext['testedBefore'] {
  const below = new Map<string, Set<string>>();
  const marked = (fact: string) => {
    const seen = new Set<string>();
    const stack: string[] = [];
    for (const node of index.nodes.values()) {
      const tests = kindOf(node)
        .predicates(node)
        .some(({ predicate }) => comparisonsOf(predicate).some((c) => c.fact === fact));
      if (tests) stack.push(...successors(index, node.id));
    }
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...successors(index, id));
    }
    return seen;
  };
  return (nodeId, fact) => {
    let nodes = below.get(fact);
    if (!nodes) below.set(fact, (nodes = marked(fact)));
    return nodes.has(nodeId);
  };
}

function nodeDiagnostics(node: PolicyNode, context: ValidationContext): Diagnostic[] {
  const kind = kindOf(node);
  return [
    ...kind.predicates(node).flatMap(({ path, predicate }) => predicateDiagnostics(node.id, path, predicate)),
    ...kind.validate(node, context),
  ];
}

export function validateGraph(graph: PolicyGraph): Diagnostic[] {
  const index = indexGraph(graph);
  const context: ValidationContext = { testedBefore: testedBefore(index) };
  const content = graph.nodes.flatMap((node) => nodeDiagnostics(node, context));
  // Errors first: a warning is worth reading once the policy can be published.
  return [
    ...structureDiagnostics(graph, index),
    ...content.filter((d) => d.severity === 'error'),
    ...content.filter((d) => d.severity === 'warning'),
  ];
}
