import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type NodeOf } from '@dunwell/engine/policy';
import { type FlowNode } from '../canvas/flow-graph';
import { describeStop } from './describe';
import { NodeFrame, NO_PORTS } from './NodeFrame';

export const StopNode = memo(function StopNode({ id, data, selected }: NodeProps<FlowNode>) {
  const { reason, label } = data.content as NodeOf<'stop'>;
  return (
    <NodeFrame id={id} kind="stop" label={label} selected={selected} ports={NO_PORTS}>
      <p className="pnode__line pnode__logic">{describeStop(reason)}</p>
    </NodeFrame>
  );
});
