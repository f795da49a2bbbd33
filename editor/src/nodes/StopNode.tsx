import { type NodeProps } from '@xyflow/react';
import { type NodeOf } from '@dunwell/engine/policy';
import { type FlowNode } from '../canvas/flow-graph';
import { describeStop } from './describe';
import { NodeFrame } from './NodeFrame';

export function StopNode({ id, data, selected }: NodeProps<FlowNode>) {
  const { reason, label } = data.content as NodeOf<'stop'>;
  return (
    <NodeFrame id={id} kind="stop" label={label} selected={selected} ports={[]}>
      <p className="pnode__line pnode__logic">{describeStop(reason)}</p>
    </NodeFrame>
  );
}
