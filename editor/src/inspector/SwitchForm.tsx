/** A switch's cases, in order (the first true case wins), each with its name and conditions; "otherwise" is always there. */
import { freshId } from '../canvas/flow-graph';
import { type NodeOf } from '@dunwell/engine/policy';
import { PredicateEditor } from './PredicateEditor';

type Case = NodeOf<'switch'>['cases'][number];

export function SwitchForm({
  cases,
  onChange,
}: {
  cases: Case[];
  onChange: (cases: Case[], coalesceKey?: string) => void;
}) {
  const move = (i: number, by: number) => {
    const next = [...cases];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    onChange(next);
  };
  const set = (i: number, patch: Partial<Case>, key?: string) =>
    onChange(
      cases.map((c, j) => (j === i ? { ...c, ...patch } : c)),
      key,
    );
  return (
    <div className="cases">
      <p className="section-hint">Cases are checked from top to bottom; the first one that matches decides.</p>
      {cases.map((c, i) => (
        <fieldset key={c.id} className="case" data-testid={`case-${c.id}`}>
          <legend className="case__legend">Case {i + 1}</legend>
          <div className="case__head">
            <input
              className="input"
              aria-label={`Case ${i + 1} name`}
              value={c.label ?? ''}
              placeholder={c.id}
              maxLength={200}
              onChange={(e) => set(i, { label: e.target.value || undefined }, `case-${c.id}-label`)}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Move case ${i + 1} up`}
              disabled={i === 0}
              onClick={() => move(i, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move case ${i + 1} down`}
              disabled={i === cases.length - 1}
              onClick={() => move(i, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove case ${i + 1}`}
              disabled={cases.length === 1}
              onClick={() => onChange(cases.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
          <PredicateEditor value={c.predicate} onChange={(predicate) => set(i, { predicate })} />
        </fieldset>
      ))}
      <button
        type="button"
        className="button button--ghost"
        onClick={() => {
          const id = freshId('case-', new Set(cases.map((c) => c.id)));
          onChange([
            ...cases,
            { id, label: 'New case', predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 1 } },
          ]);
        }}
      >
        + Case
      </button>
      <p className="section-hint">
        Otherwise: the <strong>otherwise</strong> output.
      </p>
    </div>
  );
}
