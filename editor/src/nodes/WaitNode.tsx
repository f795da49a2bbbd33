import { type NodeProps } from '@xyflow/react';
import { type NodeOf } from '@dunwell/engine/policy';
import { type FlowNode } from '../canvas/flow-graph';
import { describeWait } from './describe';
import { NodeFrame } from './NodeFrame';

export function WaitNode({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.content as NodeOf<'wait'>;
  return (
    <NodeFrame id={id} kind="wait" label={node.label} selected={selected} ports={[{ id: 'next', label: 'then' }]}>
      <p className="pnode__line pnode__logic">{describeWait(node)}</p>
    </NodeFrame>
  );
}
