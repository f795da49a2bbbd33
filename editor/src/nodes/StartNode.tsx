import { type NodeProps } from '@xyflow/react';
import { type FlowNode } from '../canvas/flow-graph';
import { NodeFrame } from './NodeFrame';

export function StartNode({ id, data, selected }: NodeProps<FlowNode>) {
  return (
    <NodeFrame id={id} kind="start" label={data.content.label} selected={selected} ports={[{ id: 'next', label: 'next' }]}>
      <p className="pnode__line">Every open invoice starts here</p>
    </NodeFrame>
  );
}
