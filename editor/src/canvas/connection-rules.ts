/**
 * Which connections the canvas accepts while the user drags one: never a loop, never a second
 * edge from one output, never into the start. One function, used by isValidConnection and onConnect.
 */
import { indexGraph, reachableFrom, type NodeKind } from '@dunwell/engine/policy';

interface Wire {
  source: string;
  sourceHandle: string | null;
  target: string;
}

export function connectionProblem(
  nodes: ReadonlyArray<{ id: string; type?: NodeKind | string }>,
  edges: ReadonlyArray<{ source: string; sourceHandle?: string | null; target: string }>,
  wire: Wire,
): string | undefined {
  if (!wire.sourceHandle) return 'Connect from one of the step’s outputs';
  if (wire.source === wire.target) return 'A step cannot lead to itself';
  if (nodes.find((n) => n.id === wire.target)?.type === 'start') return 'Nothing can lead back into the start';
  if (edges.some((e) => e.source === wire.source && e.sourceHandle === wire.sourceHandle)) {
    return 'This output is already connected: an output leads to one step only';
  }
  // A loop appears exactly when the source can already be reached from the target (kinds do not matter here).
  const index = indexGraph({
    nodes: nodes.map((n) => ({ id: n.id, kind: 'start' })),
    edges: edges.map((e, i) => ({
      id: `w${i}`,
      source: e.source,
      sourceHandle: e.sourceHandle ?? '',
      target: e.target,
    })),
  });
  if (reachableFrom(index, wire.target).has(wire.source))
    return 'This would make a loop: a policy must always move forward';
  return undefined;
}
