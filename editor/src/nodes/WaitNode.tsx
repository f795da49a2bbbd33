import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type NodeOf } from '@dunwell/engine/policy';
import { type FlowNode } from '../canvas/flow-graph';
import { describeWait } from './describe';
import { NodeFrame, type Port } from './NodeFrame';

const PORTS: Port[] = [{ id: 'next', label: 'then' }];

export const WaitNode = memo(function WaitNode({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.content as NodeOf<'wait'>;
  return (
    <NodeFrame id={id} kind="wait" label={node.label} selected={selected} ports={PORTS}>
      <p className="pnode__line pnode__logic">{describeWait(node)}</p>
    </NodeFrame>
  );
});
