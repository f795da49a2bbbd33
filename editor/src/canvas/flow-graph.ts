/**
 * The policy graph as React Flow draws it, and back. A flow node carries its policy node's
 * content (everything but the layout) as data; its position is React Flow's.
 */
import { MarkerType, type Edge, type Node } from '@xyflow/react';
import { type NodeKind, type PolicyEdge, type PolicyGraph, type PolicyNode } from '@dunwell/engine/policy';

type Layout = 'position' | 'width' | 'height';
/** A policy node without its layout; still a union of the kinds. */
export type NodeContent = PolicyNode extends infer N ? (N extends PolicyNode ? Omit<N, Layout> : never) : never;
export type FlowNode = Node<{ content: NodeContent }, NodeKind>;
export type FlowEdge = Edge & { sourceHandle: string };

export function toFlowNode(node: PolicyNode): FlowNode {
  const { position, width: _w, height: _h, ...content } = node;
  return {
    id: node.id,
    type: node.kind,
    position: position ?? { x: 0, y: 0 },
    data: { content },
    // Every policy has its start step; removing it is never what the user meant.
    deletable: node.kind !== 'start',
  };
}

export const toFlowEdge = (edge: PolicyEdge): FlowEdge => ({
  ...edge,
  type: 'policy',
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
});

export function toFlow(graph: PolicyGraph): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return { nodes: graph.nodes.map(toFlowNode), edges: graph.edges.map(toFlowEdge) };
}

const round = (n: number) => Math.round(n * 10) / 10;

export function toPolicyNode(node: FlowNode): PolicyNode {
  return { ...node.data.content, position: { x: round(node.position.x), y: round(node.position.y) } } as PolicyNode;
}

export function toGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): PolicyGraph {
  return {
    nodes: nodes.map(toPolicyNode),
    edges: edges.map(({ id, source, sourceHandle, target }) => ({ id, source, sourceHandle, target })),
  };
}

/** The first `${prefix}${n}` not in `taken`. */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}
