import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type NodeOf } from '@dunwell/engine/policy';
import { type FlowNode } from '../canvas/flow-graph';
import { actionName, describeAction } from './describe';
import { NodeFrame, NO_PORTS } from './NodeFrame';

export const ActionNode = memo(function ActionNode({ id, data, selected }: NodeProps<FlowNode>) {
  const { action, label } = data.content as NodeOf<'action'>;
  return (
    <NodeFrame id={id} kind="action" label={label} selected={selected} ports={NO_PORTS}>
      <p className="pnode__line pnode__logic">{describeAction(action)}</p>
      <p className="pnode__chips">
        <span className={`chip chip--${action.priority}`}>{action.priority} priority</span>
        {action.fallback && <span className="chip">else {actionName(action.fallback)}</span>}
      </p>
    </NodeFrame>
  );
});
