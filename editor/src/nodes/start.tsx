/** Start: where every invoice enters the policy. */
import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type FlowNodeOf } from '../canvas/flow-graph';
import { NodeFrame, type Port } from './NodeFrame';
import { type NodeSpec } from './spec';

const PORTS: Port[] = [{ id: 'next', label: 'next' }];

const StartNode = memo(function StartNode({ id, data, selected }: NodeProps<FlowNodeOf<'start'>>) {
  return (
    <NodeFrame id={id} spec={startSpec} label={data.content.label} selected={selected} ports={PORTS}>
      <p className="pnode__line">Every open invoice starts here</p>
    </NodeFrame>
  );
});

export const startSpec: NodeSpec<'start'> = {
  kind: 'start',
  title: 'Start',
  blurb: 'Where every invoice enters the policy',
  glyph: '▶',
  color: '#4f46e5',
  create: (id) => ({ id, kind: 'start' }),
  describe: () => 'Every open invoice starts here',
  Node: StartNode,
  Form: () => <p className="section-hint">Every invoice starts here. Connect its output to the first check.</p>,
};
