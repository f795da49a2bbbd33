import { memo, useMemo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type NodeOf } from '@dunwell/engine/policy';
import { type FlowNode } from '../canvas/flow-graph';
import { describeSplit } from './describe';
import { NodeFrame } from './NodeFrame';

export const SplitNode = memo(function SplitNode({ id, data, selected }: NodeProps<FlowNode>) {
  const { arms, label } = data.content as NodeOf<'split'>;
  const ports = useMemo(() => arms.map((a) => ({ id: a.id, label: `${a.label || a.id} ${a.weight}%` })), [arms]);
  return (
    <NodeFrame id={id} kind="split" label={label} selected={selected} ports={ports}>
      <p className="pnode__line pnode__logic">{describeSplit({ arms })}</p>
      <p className="pnode__line pnode__muted">Each account stays in one arm</p>
    </NodeFrame>
  );
});
