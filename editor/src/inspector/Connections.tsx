/**
 * Where each of a step's outputs leads, chosen from a list: connecting and disconnecting without a
 * mouse (focus an output's list, pick the step). A step that would make a loop is offered but
 * disabled, with the reason in its name.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { outputHandles, outputLabel } from '@dunwell/engine/policy';
import { connectionProblem } from '../canvas/connection-rules';
import { stepTitle } from '../nodes';
import { useEditor } from '../store';

export function Connections({ id }: { id: string }) {
  // Contents and connections, not positions: dragging a step does not recompute the lists.
  const contents = useEditor(useShallow((s) => s.nodes.map((n) => n.data.content)));
  const edges = useEditor((s) => s.edges);
  const setOutput = useEditor((s) => s.setOutput);
  const notify = useEditor((s) => s.notify);
  const node = contents.find((c) => c.id === id);
  const outputs = useMemo(() => {
    if (!node) return [];
    const steps = contents.map((c) => ({ id: c.id, type: c.kind }));
    const others = contents.filter((c) => c.id !== id && c.kind !== 'start');
    return outputHandles(node).map((handle) => {
      const rest = edges.filter((e) => !(e.source === id && e.sourceHandle === handle));
      return {
        handle,
        label: outputLabel(node, handle),
        current: edges.find((e) => e.source === id && e.sourceHandle === handle)?.target ?? '',
        targets: others.map((c) => ({
          id: c.id,
          title: stepTitle(c),
          loops: connectionProblem(steps, rest, { source: id, sourceHandle: handle, target: c.id }) !== undefined,
        })),
      };
    });
  }, [contents, edges, id, node]);
  if (!node) return null;
  const incoming = edges.filter((e) => e.target === id);
  const nameOf = (stepId: string) => {
    const found = contents.find((c) => c.id === stepId);
    return found ? stepTitle(found) : stepId;
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
      {outputs.length === 0 && <p className="section-hint">A decision ends here: nothing follows.</p>}
      {outputs.map(({ handle, label, current, targets }) => (
        <label key={handle} className="field connection">
          <span className="field__label">{outputs.length === 1 ? 'Then' : `“${label}” leads to`}</span>
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
            {targets.map((t) => (
              <option key={t.id} value={t.id} disabled={t.loops}>
                {t.title}
                {t.loops ? ' (would make a loop)' : ''}
              </option>
            ))}
          </select>
        </label>
      ))}
    </section>
  );
}
