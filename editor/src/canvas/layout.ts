/**
 * Auto-layout with ELK's layered algorithm, top to bottom, each node's outputs kept in the order
 * its handles are drawn so branches do not cross. ELK is loaded only when first used.
 */
import { type XYPosition } from '@xyflow/react';
import { outputHandles } from '@dunwell/engine/policy';
import { toPolicyNode, type FlowEdge, type FlowNode } from './flow-graph';

const DEFAULT_SIZE = { width: 240, height: 110 };

export async function layoutPositions(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
): Promise<Map<string, XYPosition>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const portId = (node: string, handle: string) => `${node}\u001f${handle}`;
  const ids = new Set(nodes.map((n) => n.id));
  const ports = new Set(nodes.flatMap((n) => outputHandles(toPolicyNode(n)).map((h) => portId(n.id, h))));
  const laidOut = await elk.layout({
    id: 'policy',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '48',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: nodes.map((n) => {
      const handles = outputHandles(toPolicyNode(n));
      return {
        id: n.id,
        width: n.measured?.width ?? DEFAULT_SIZE.width,
        height: n.measured?.height ?? DEFAULT_SIZE.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        // ELK numbers ports clockwise, so on the south side the leftmost handle has the highest index.
        ports: handles.map((h, i) => ({
          id: portId(n.id, h),
          layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(handles.length - 1 - i) },
        })),
      };
    }),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => {
        const port = portId(e.source, e.sourceHandle);
        return { id: e.id, sources: [ports.has(port) ? port : e.source], targets: [e.target] };
      }),
  });
  return new Map((laidOut.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}
