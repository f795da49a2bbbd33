/** The path a decision took, as the nodes and edges to highlight on the canvas. */
import { type Decision } from '../api';
import { type FlowEdge } from '../canvas/flow-graph';
import { type Overlay } from '../store';

export function pathOverlay(
  decision: Decision,
  edges: readonly FlowEdge[],
  title: string,
): Extract<Overlay, { kind: 'path' }> {
  const steps = decision.explanation.path;
  const taken = new Set(steps.filter((s) => s.handle).map((s) => `${s.nodeId}\u001f${s.handle}`));
  return {
    kind: 'path',
    title,
    nodes: new Set(steps.map((s) => s.nodeId)),
    edges: new Set(edges.filter((e) => taken.has(`${e.source}\u001f${e.sourceHandle}`)).map((e) => e.id)),
  };
}
