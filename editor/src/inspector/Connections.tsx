/**
 * Where each of a step's outputs leads, chosen from a list: connecting and disconnecting without a
 * mouse (focus an output's list, pick the step). A step that would make a loop is offered but
 * disabled, with the reason in its name.
 */
import { useShallow } from 'zustand/react/shallow';
import { outputHandles, outputLabel } from '@dunwell/engine/policy';
import { connectionProblem } from '../canvas/connection-rules';
import { toPolicyNode } from '../canvas/flow-graph';
import { specOf } from '../nodes';
import { useEditor } from '../store';

/** A step as people name it: its title, else its logic in words. */
export const stepTitle = (content: { kind: string; label?: string | undefined }) =>
  content.label || specOf(content.kind as never).describe(content as never);

export function Connections({ id }: { id: string }) {
  const graph = useEditor(useShallow((s) => ({ nodes: s.nodes, edges: s.edges })));
  const setOutput = useEditor((s) => s.setOutput);
  const notify = useEditor((s) => s.notify);
  const flowNode = graph.nodes.find((n) => n.id === id);
  if (!flowNode) return null;
  const node = toPolicyNode(flowNode);
  const handles = outputHandles(node);
  const others = graph.nodes.filter((n) => n.id !== id && n.data.content.kind !== 'start');
  const incoming = graph.edges.filter((e) => e.target === id);
  const nameOf = (nodeId: string) => {
    const found = graph.nodes.find((n) => n.id === nodeId);
    return found ? stepTitle(found.data.content) : nodeId;
  };
  return (
    <section className="inspector__section" aria-label="Connections" data-testid="connections">
      <h3 className="section-title">Connections</h3>
      {node.kind !== 'start' && (
        <p className="section-hint">
          {incoming.length === 0
            ? 'Nothing leads here yet: pick this step under a step’s outputs.'
            : `Comes from ${incoming.map((e) => nameOf(e.source)).join(', ')}.`}
        </p>
      )}
      {handles.length === 0 && <p className="section-hint">A decision ends here: nothing follows.</p>}
      {handles.map((handle) => {
        const current = graph.edges.find((e) => e.source === id && e.sourceHandle === handle)?.target ?? '';
        const rest = graph.edges.filter((e) => !(e.source === id && e.sourceHandle === handle));
        const label = outputLabel(node, handle);
        return (
          <label key={handle} className="field connection">
            <span className="field__label">{handles.length === 1 ? 'Then' : `“${label}” leads to`}</span>
            <select
              className="input"
              value={current}
              data-testid={`output-${handle}`}
              onChange={(e) => {
                const problem = setOutput(id, handle, e.target.value || null);
                if (problem) notify({ tone: 'info', title: problem });
              }}
            >
              <option value="">— not connected —</option>
              {others.map((n) => {
                const problem = connectionProblem(graph.nodes, rest, {
                  source: id,
                  sourceHandle: handle,
                  target: n.id,
                });
                return (
                  <option key={n.id} value={n.id} disabled={problem !== undefined}>
                    {stepTitle(n.data.content)}
                    {problem ? ' (would make a loop)' : ''}
                  </option>
                );
              })}
            </select>
          </label>
        );
      })}
    </section>
  );
}
