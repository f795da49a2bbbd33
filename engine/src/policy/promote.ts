/**
 * "Promote the winner": a graph in which a split node gives way to one of its arms. Every
 * connection into the split node goes to where that arm led, the split node goes, and so do the
 * steps only the other arms reached (nothing else can reach them any more).
 */
import { type PolicyGraph } from './schema';

export class PromoteError extends Error {}

export function promoteArm(graph: PolicyGraph, splitNodeId: string, armId: string): PolicyGraph {
  const split = graph.nodes.find((n) => n.id === splitNodeId);
  if (!split || split.kind !== 'split') throw new PromoteError(`The graph has no split node ${splitNodeId}`);
  if (!split.arms.some((a) => a.id === armId)) throw new PromoteError(`Split node ${splitNodeId} has no arm ${armId}`);
  const winner = graph.edges.find((e) => e.source === splitNodeId && e.sourceHandle === armId);
  if (!winner) throw new PromoteError(`Arm ${armId} of ${splitNodeId} leads nowhere: connect it first`);
  const edges = graph.edges
    .filter((e) => e.source !== splitNodeId)
    .map((e) => (e.target === splitNodeId ? { ...e, target: winner.target } : e));
  // Steps the start reached before and no longer reaches were the losing arms' own; steps not
  // connected yet (a draft being drawn) are left as they were.
  const before = reachable(graph);
  const after = reachable({ ...graph, edges });
  const gone = new Set([splitNodeId, ...[...before].filter((id) => !after.has(id))]);
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !gone.has(n.id)),
    edges: edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}

function reachable({ nodes, edges }: PolicyGraph): Set<string> {
  const seen = new Set<string>();
  const next = nodes.filter((n) => n.kind === 'start').map((n) => n.id);
  while (next.length > 0) {
    const id = next.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) next.push(e.target);
  }
  return seen;
}
