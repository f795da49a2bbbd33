import { memo, useMemo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type NodeOf } from '@dunwell/engine/policy';
import { type FlowNode } from '../canvas/flow-graph';
import { describePredicate } from './describe';
import { NodeFrame } from './NodeFrame';

/** Room for an output's label under the node. */
const PORT_WIDTH = 84;

export const SwitchNode = memo(function SwitchNode({ id, data, selected }: NodeProps<FlowNode>) {
  const { cases, label } = data.content as NodeOf<'switch'>;
  const ports = useMemo(
    () => [
      ...cases.map((c) => ({ id: c.id, label: c.label || c.id })),
      { id: 'default', label: 'otherwise', tone: 'muted' as const },
    ],
    [cases],
  );
  return (
    <NodeFrame
      id={id}
      kind="switch"
      label={label}
      selected={selected}
      ports={ports}
      width={Math.max(300, ports.length * PORT_WIDTH)}
    >
      <ol className="pnode__list pnode__cases">
        {cases.map((c) => (
          <li key={c.id}>
            <strong>{c.label || c.id}</strong>
            <span className="pnode__logic">{describePredicate(c.predicate)}</span>
          </li>
        ))}
      </ol>
    </NodeFrame>
  );
});
