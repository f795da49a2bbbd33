/** Switch: ordered cases (the first that matches wins), each with its name and conditions; "otherwise" is always there. */
import { memo, useMemo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { freshId, type ContentOf, type FlowNodeOf } from '../canvas/flow-graph';
import { PredicateEditor } from '../inspector/PredicateEditor';
import { describePredicate } from './describe';
import { NodeFrame } from './NodeFrame';
import { type KindFormProps, type NodeSpec } from './spec';

type Case = ContentOf<'switch'>['cases'][number];

/** Room for an output's label under the node. */
const PORT_WIDTH = 84;

const SwitchNode = memo(function SwitchNode({ id, data, selected }: NodeProps<FlowNodeOf<'switch'>>) {
  const { cases, label } = data.content;
  const ports = useMemo(
    () => [
      ...cases.map((c, i) => ({ id: c.id, label: c.label || `case ${i + 1}` })),
      { id: 'default', label: 'otherwise', tone: 'muted' as const },
    ],
    [cases],
  );
  return (
    <NodeFrame
      id={id}
      spec={switchSpec}
      label={label}
      selected={selected}
      ports={ports}
      width={Math.max(300, ports.length * PORT_WIDTH)}
    >
      <ol className="pnode__list pnode__cases">
        {cases.map((c, i) => (
          <li key={c.id}>
            <strong>{c.label || `Case ${i + 1}`}</strong>
            <span className="pnode__logic">{describePredicate(c.predicate)}</span>
          </li>
        ))}
      </ol>
    </NodeFrame>
  );
});

function SwitchForm({ content, update }: KindFormProps<'switch'>) {
  const { cases } = content;
  const onChange = (next: Case[], key?: string) => update({ ...content, cases: next }, key);
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
              placeholder={`Case ${i + 1}`}
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

export const switchSpec: NodeSpec<'switch'> = {
  kind: 'switch',
  title: 'Switch',
  blurb: 'The first matching case wins',
  glyph: '≡',
  color: '#7c3aed',
  create: (id) => ({
    id,
    kind: 'switch',
    cases: [
      {
        id: 'case-1',
        label: '30+ days',
        predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 30 },
      },
      {
        id: 'case-2',
        label: '7+ days',
        predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 7 },
      },
    ],
  }),
  describe: (content) =>
    content.cases.map((c, i) => `${c.label || `case ${i + 1}`}: ${describePredicate(c.predicate)}`).join('; '),
  Node: SwitchNode,
  Form: SwitchForm,
};
