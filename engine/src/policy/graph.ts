/** Structural helpers over a policy graph: adjacency, reachability, topological order, dominators. */
import { type PolicyNode } from './nodes';
import { type PolicyEdge, type PolicyGraph } from './schema';

export interface GraphIndex {
  nodes: Map<string, PolicyNode>;
  /** source id -> handle -> edges leaving through that handle */
  outgoing: Map<string, Map<string, PolicyEdge[]>>;
  incoming: Map<string, PolicyEdge[]>;
  starts: PolicyNode[];
}

export function indexGraph(graph: PolicyGraph): GraphIndex {
  const nodes = new Map<string, PolicyNode>();
  for (const node of graph.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  const outgoing = new Map<string, Map<string, PolicyEdge[]>>();
  const incoming = new Map<string, PolicyEdge[]>();
  for (const edge of graph.edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) continue;
    const byHandle = outgoing.get(edge.source) ?? new Map<string, PolicyEdge[]>();
    outgoing.set(edge.source, byHandle);
    const leaving = byHandle.get(edge.sourceHandle);
    if (leaving) leaving.push(edge);
    else byHandle.set(edge.sourceHandle, [edge]);
    const arriving = incoming.get(edge.target);
    if (arriving) arriving.push(edge);
    else incoming.set(edge.target, [edge]);
  }
  return { nodes, outgoing, incoming, starts: graph.nodes.filter((n) => n.kind === 'start') };
}

/** The node a handle leads to, when exactly one edge leaves through it. */
export function next(index: GraphIndex, nodeId: string, handle: string): string | undefined {
  const edges = index.outgoing.get(nodeId)?.get(handle);
  return edges?.length === 1 ? edges[0]!.target : undefined;
}

export function successors(index: GraphIndex, nodeId: string): string[] {
  return [...(index.outgoing.get(nodeId)?.values() ?? [])].flat().map((e) => e.target);
}

/** Nodes reachable from `from`, in depth-first discovery order. */
export function reachableFrom(index: GraphIndex, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...successors(index, id));
  }
  return seen;
}

/**
 * Kahn's algorithm over the nodes in `within`. Returns the order, or the nodes left on
 * a cycle when there is one.
 */
export function topologicalOrder(index: GraphIndex, within: Set<string>): { order: string[]; cyclic: string[] } {
  const indegree = new Map<string, number>([...within].map((id) => [id, 0]));
  for (const id of within) {
    for (const target of successors(index, id)) {
      if (within.has(target)) indegree.set(target, indegree.get(target)! + 1);
    }
  }
  const order = [...within].filter((id) => indegree.get(id) === 0);
  // The order doubles as the queue: each node placed is visited once, in turn.
  for (let next = 0; next < order.length; next++) {
    const id = order[next]!;
    for (const target of successors(index, id)) {
      if (!within.has(target)) continue;
      const left = indegree.get(target)! - 1;
      indegree.set(target, left);
      if (left === 0) order.push(target);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: [...within].filter((id) => !placed.has(id)) };
}

/**
 * The nodes that lie on a cycle: members of a strongly connected component of more than one
 * node, or with an edge to themselves. Tarjan's algorithm, with its own stack so that no graph is
 * too deep for it; linear in nodes and edges.
 */
export function nodesOnCycles(index: GraphIndex): Set<string> {
  const number = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const onCycle = new Set<string>();
  for (const root of index.nodes.keys()) {
    if (number.has(root)) continue;
    // Each frame: a node and how many of its successors were visited.
    const frames: Array<{ id: string; successors: string[]; next: number }> = [];
    const enter = (id: string) => {
      number.set(id, number.size);
      low.set(id, number.get(id)!);
      stack.push(id);
      onStack.add(id);
      frames.push({ id, successors: successors(index, id), next: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames.at(-1)!;
      if (frame.next < frame.successors.length) {
        const target = frame.successors[frame.next++]!;
        if (target === frame.id) onCycle.add(target);
        if (!number.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.id, Math.min(low.get(frame.id)!, number.get(target)!));
        continue;
      }
      frames.pop();
      const parent = frames.at(-1);
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== number.get(frame.id)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      if (component.length > 1) for (const id of component) onCycle.add(id);
    }
  }
  return onCycle;
}

/**
 * Immediate dominators of an acyclic graph rooted at order[0] (Cooper, Harvey & Kennedy),
 * in one pass because a topological order visits every predecessor first.
 */
export function immediateDominators(index: GraphIndex, order: string[]): Map<string, string> {
  const position = new Map(order.map((id, i) => [id, i]));
  const idom = new Map<string, string>([[order[0]!, order[0]!]]);
  const intersect = (a: string, b: string): string => {
    while (a !== b) {
      while (position.get(a)! > position.get(b)!) a = idom.get(a)!;
      while (position.get(b)! > position.get(a)!) b = idom.get(b)!;
    }
    return a;
  };
  for (const id of order.slice(1)) {
    const preds = (index.incoming.get(id) ?? []).map((e) => e.source).filter((p) => idom.has(p));
    idom.set(id, preds.reduce(intersect));
  }
  return idom;
}
