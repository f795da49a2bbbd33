/**
 * A diff of two versions drawn on the canvas: the newer graph, plus what was removed from the
 * older one, each node and edge marked added, removed, changed or unchanged as the API's diff says.
 */
import { edgeKey, type GraphDiff, type PolicyGraph } from '@dunwell/engine/policy';
import { api } from '../api';
import { toFlowEdge, toFlowNode } from '../canvas/flow-graph';
import { useEditor, type Mark, type Overlay } from '../store';
import { diffInWords } from './diff-words';

export function diffOverlay(
  from: string,
  to: string,
  diff: GraphDiff,
  before: PolicyGraph,
  after: PolicyGraph,
): Extract<Overlay, { kind: 'diff' }> {
  const nodeMarks = new Map<string, Mark>(after.nodes.map((n) => [n.id, 'unchanged']));
  diff.nodes.added.forEach((n) => nodeMarks.set(n.id, 'added'));
  diff.nodes.changed.forEach((c) => nodeMarks.set(c.id, 'changed'));
  diff.nodes.removed.forEach((n) => nodeMarks.set(n.id, 'removed'));

  const added = new Set(diff.edges.added.map(edgeKey));
  const removedKeys = new Set(diff.edges.removed.map(edgeKey));
  const removedEdges = before.edges
    .filter((e) => removedKeys.has(edgeKey(e)))
    .map((e) => ({ ...e, id: `removed-${e.id}` }));
  const edgeMarks = new Map<string, Mark>([
    ...after.edges.map((e): [string, Mark] => [e.id, added.has(edgeKey(e)) ? 'added' : 'unchanged']),
    ...removedEdges.map((e): [string, Mark] => [e.id, 'removed']),
  ]);

  const readOnly = { draggable: false, connectable: false, selectable: false, deletable: false };
  return {
    kind: 'diff',
    from,
    to,
    nodes: [...after.nodes, ...diff.nodes.removed].map((n) => ({ ...toFlowNode(n), ...readOnly })),
    edges: [...after.edges, ...removedEdges].map((e) => ({ ...toFlowEdge(e), selectable: false })),
    nodeMarks,
    edgeMarks,
    counts: {
      added: diff.nodes.added.length + diff.edges.added.length,
      removed: diff.nodes.removed.length + diff.edges.removed.length,
      changed: diff.nodes.changed.length,
    },
    words: diffInWords(diff, before, after),
  };
}

const graphAt = async (policyId: string, ref: string): Promise<PolicyGraph> =>
  ref === 'draft' ? (await api.getPolicy(policyId)).draft.graph : (await api.getVersion(policyId, Number(ref))).graph;

/** Fetches the diff and both graphs, and shows them on the canvas. */
export async function showDiff(policyId: string, from: string, to: string): Promise<void> {
  const [diff, before, after] = await Promise.all([
    api.diff(policyId, from, to),
    graphAt(policyId, from),
    graphAt(policyId, to),
  ]);
  useEditor.getState().setOverlay(diffOverlay(from, to, diff, before, after));
}
