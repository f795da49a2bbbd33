import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type FlowNode } from '../canvas/flow-graph';
import { NodeFrame, type Port } from './NodeFrame';

const PORTS: Port[] = [{ id: 'next', label: 'next' }];

export const StartNode = memo(function StartNode({ id, data, selected }: NodeProps<FlowNode>) {
  return (
    <NodeFrame id={id} kind="start" label={data.content.label} selected={selected} ports={PORTS}>
      <p className="pnode__line">Every open invoice starts here</p>
    </NodeFrame>
  );
});
