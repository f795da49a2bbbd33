/**
 * The right-hand inspector: the selected step's form (driven by the fact catalogue), a selected
 * connection, several selected steps, or an overview when nothing is selected.
 */
import { ExperimentResults } from '../experiments/ExperimentResults';
import { useShallow } from 'zustand/react/shallow';
import { type NodeContent } from '../canvas/flow-graph';
import { specOf } from '../nodes';
import { useEditor } from '../store';
import { Connections } from './Connections';
import { Field } from './fields';

type Update = (content: NodeContent, coalesceKey?: string) => void;

/** The selected step's own fields: its kind's form. */
function KindForm({ content, update }: { content: NodeContent; update: Update }) {
  const { Form } = specOf(content.kind);
  return <Form content={content} update={update} />;
}

function NodeInspector({ id }: { id: string }) {
  const content = useEditor((s) => s.nodes.find((n) => n.id === id)?.data.content);
  const problems = useEditor((s) => s.problemsByNode.get(id));
  const updateNode = useEditor((s) => s.updateNode);
  if (!content) return null;
  const update: Update = (next, key) => updateNode(id, () => next, key);
  const info = specOf(content.kind);
  return (
    <div className="inspector" data-testid="inspector" data-node={id}>
      <header className="inspector__head">
        <span className={`kind-glyph kind-glyph--${content.kind}`} aria-hidden>
          {info.glyph}
        </span>
        <div>
          <h2 className="panel-title">{info.title}</h2>
          <p className="inspector__id">
            id <code>{id}</code>
          </p>
        </div>
      </header>
      {problems && problems.length > 0 && (
        <ul className="inspector__problems" aria-label="Problems with this step">
          {problems.map((p, i) => (
            <li key={i} className={`problem problem--${p.severity}`}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      <Field label="Name on the canvas" hint="Optional: what this step is for, in your words">
        {(fieldId) => (
          <input
            id={fieldId}
            className="input"
            value={content.label ?? ''}
            maxLength={200}
            placeholder={info.title}
            // An emptied name is no name: undefined keys are left out of the saved graph.
            onChange={(e) => update({ ...content, label: e.target.value || undefined }, 'label')}
          />
        )}
      </Field>
      <KindForm content={content} update={update} />
      <Connections id={id} />
      {content.kind === 'split' && <ExperimentResults nodeId={id} />}
    </div>
  );
}

function EdgeInspector({ id }: { id: string }) {
  const edge = useEditor((s) => s.edges.find((e) => e.id === id));
  const names = useEditor(
    useShallow((s) =>
      [edge?.source, edge?.target].map((n) => s.nodes.find((x) => x.id === n)?.data.content.label ?? n),
    ),
  );
  const problems = useEditor((s) => s.problemsByEdge.get(id));
  const deleteEdge = useEditor((s) => s.deleteEdge);
  if (!edge) return null;
  return (
    <div className="inspector" data-testid="inspector">
      <h2 className="panel-title">Connection</h2>
      <p>
        From <strong>{names[0]}</strong> (output <code>{edge.sourceHandle}</code>) to <strong>{names[1]}</strong>.
      </p>
      {problems?.map((p, i) => (
        <p key={i} className="problem problem--error">
          {p.message}
        </p>
      ))}
      <button type="button" className="button button--danger" onClick={() => deleteEdge(id)}>
        Delete connection
      </button>
    </div>
  );
}

function Overview() {
  const policy = useEditor((s) => s.policy);
  const counts = useEditor(useShallow((s) => [s.nodes.length, s.edges.length]));
  return (
    <div className="inspector" data-testid="inspector">
      <h2 className="panel-title">{policy?.name ?? 'No policy open'}</h2>
      {policy?.description && <p className="inspector__description">{policy.description}</p>}
      <p className="section-hint">
        {counts[0]} steps, {counts[1]} connections. Select a step to edit it.
      </p>
      <h3 className="section-title">Shortcuts</h3>
      <dl className="shortcuts">
        <dt>Delete / Backspace</dt>
        <dd>Delete the selection</dd>
        <dt>Ctrl C · Ctrl X · Ctrl V</dt>
        <dd>Copy, cut, paste</dd>
        <dt>Ctrl Z · Ctrl Shift Z</dt>
        <dd>Undo, redo</dd>
        <dt>Ctrl A</dt>
        <dd>Select every step</dd>
        <dt>Shift + drag</dt>
        <dd>Select several steps</dd>
        <dt>Ctrl S</dt>
        <dd>Save the draft</dd>
      </dl>
    </div>
  );
}

export function Inspector() {
  const selected = useEditor(useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)));
  const edge = useEditor((s) => s.edges.find((e) => e.selected)?.id);
  const diffing = useEditor((s) => s.overlay.kind === 'diff');
  const deleteSelection = useEditor((s) => s.deleteSelection);
  const copySelection = useEditor((s) => s.copySelection);
  if (diffing)
    return (
      <p className="section-hint inspector">
        The canvas shows a comparison of two versions. Go back to the draft to edit.
      </p>
    );
  if (selected.length === 1) return <NodeInspector key={selected[0]} id={selected[0]!} />;
  if (selected.length > 1) {
    return (
      <div className="inspector" data-testid="inspector">
        <h2 className="panel-title">{selected.length} steps selected</h2>
        <div className="button-row">
          <button type="button" className="button" onClick={copySelection}>
            Copy
          </button>
          <button type="button" className="button button--danger" onClick={deleteSelection}>
            Delete
          </button>
        </div>
      </div>
    );
  }
  if (edge) return <EdgeInspector id={edge} />;
  return <Overview />;
}
