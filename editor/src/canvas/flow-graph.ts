/**
 * The policy graph as React Flow draws it, and back. A flow node carries its policy node's
 * content (everything but the layout) as data; its position is React Flow's.
 */
import { MarkerType, type Edge, type Node, type XYPosition } from '@xyflow/react';
import { type NodeKind, type NodeOf, type PolicyEdge, type PolicyGraph, type PolicyNode } from '@dunwell/engine/policy';

type Layout = 'position' | 'width' | 'height';
/** A policy node of one kind without its layout (for a union of kinds, the union of their contents). */
export type ContentOf<K extends NodeKind> = K extends NodeKind ? Omit<NodeOf<K>, Layout> : never;
/** A policy node without its layout; still a union of the kinds. */
export type NodeContent = ContentOf<NodeKind>;
export type FlowNodeOf<K extends NodeKind> = K extends NodeKind ? Node<{ content: ContentOf<K> }, K> : never;
/** A node on the canvas: typed by kind, so a node component reads its own content without a cast. */
export type FlowNode = FlowNodeOf<NodeKind>;
export type FlowEdge = Edge & { sourceHandle: string };

/** The canvas node of a node's content: the one place a content's kind becomes its flow node's type. */
export function flowNode(content: NodeContent, position: XYPosition, selected?: boolean): FlowNode {
  return {
    id: content.id,
    type: content.kind,
    position,
    data: { content },
    // Every policy has its start step; removing it is never what the user meant.
    deletable: content.kind !== 'start',
    ...(selected === undefined ? {} : { selected }),
  } as FlowNode;
}

/** The same canvas node with new content (of the same kind). */
export const withContent = (node: FlowNode, content: NodeContent): FlowNode =>
  ({ ...node, type: content.kind, data: { content } }) as FlowNode;

export function toFlowNode(node: PolicyNode): FlowNode {
  const { position, width: _w, height: _h, ...content } = node;
  return flowNode(content, position ?? { x: 0, y: 0 });
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
  return { ...node.data.content, position: { x: round(node.position.x), y: round(node.position.y) } };
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
