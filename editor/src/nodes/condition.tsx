/** Condition: yes or no from the invoice's facts; a missing fact takes `no`. */
import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { isComparison } from '@dunwell/engine/policy';
import { type FlowNodeOf } from '../canvas/flow-graph';
import { PredicateEditor } from '../inspector/PredicateEditor';
import { describeComparison, describePredicate } from './describe';
import { NodeFrame, type Port } from './NodeFrame';
import { type NodeSpec } from './spec';

const PORTS: Port[] = [
  { id: 'yes', label: 'yes', tone: 'yes' },
  { id: 'no', label: 'no', tone: 'no' },
];

const ConditionNode = memo(function ConditionNode({ id, data, selected }: NodeProps<FlowNodeOf<'condition'>>) {
  const { predicate, label } = data.content;
  return (
    <NodeFrame id={id} spec={conditionSpec} label={label} selected={selected} ports={PORTS}>
      {isComparison(predicate) ? (
        <p className="pnode__line pnode__logic">{describeComparison(predicate)}</p>
      ) : (
        <>
          <p className="pnode__line pnode__muted">{'all' in predicate ? 'All of' : 'Any of'}</p>
          <ul className="pnode__list">
            {('all' in predicate ? predicate.all : predicate.any).map((item, i) => (
              <li key={i} className="pnode__logic">
                {describePredicate(item)}
              </li>
            ))}
          </ul>
        </>
      )}
    </NodeFrame>
  );
});

export const conditionSpec: NodeSpec<'condition'> = {
  kind: 'condition',
  title: 'Condition',
  blurb: 'Yes or no, from the invoice’s facts',
  glyph: '?',
  color: '#0369a1',
  create: (id) => ({
    id,
    kind: 'condition',
    predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 7 },
  }),
  describe: (content) => describePredicate(content.predicate),
  Node: ConditionNode,
  Form: ({ content, update }) => (
    <section className="inspector__section">
      <h3 className="section-title">
        Continue on <span className="tag tag--yes">yes</span> when
      </h3>
      <PredicateEditor value={content.predicate} onChange={(predicate) => update({ ...content, predicate })} />
      <p className="section-hint">
        Otherwise, or when a fact is missing, the invoice takes <span className="tag tag--no">no</span>.
      </p>
    </section>
  ),
};
