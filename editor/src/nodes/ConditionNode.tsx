import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { isComparison, type NodeOf } from '@dunwell/engine/policy';
import { type FlowNode } from '../canvas/flow-graph';
import { describeComparison, describePredicate } from './describe';
import { NodeFrame, type Port } from './NodeFrame';

const PORTS: Port[] = [
  { id: 'yes', label: 'yes', tone: 'yes' },
  { id: 'no', label: 'no', tone: 'no' },
];

export const ConditionNode = memo(function ConditionNode({ id, data, selected }: NodeProps<FlowNode>) {
  const { predicate, label } = data.content as NodeOf<'condition'>;
  const group = isComparison(predicate)
    ? undefined
    : 'all' in predicate
      ? { word: 'All of', items: predicate.all }
      : { word: 'Any of', items: predicate.any };
  return (
    <NodeFrame id={id} kind="condition" label={label} selected={selected} ports={PORTS}>
      {isComparison(predicate) ? (
        <p className="pnode__line pnode__logic">{describeComparison(predicate)}</p>
      ) : (
        <>
          <p className="pnode__line pnode__muted">{group!.word}</p>
          <ul className="pnode__list">
            {group!.items.map((item, i) => (
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
