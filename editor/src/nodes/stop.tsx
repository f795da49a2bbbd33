/** Stop: no contact, with a reason: a known one, or the user's own (lowercase words joined by _, as the engine stores them). */
import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type FlowNodeOf } from '../canvas/flow-graph';
import { Field } from '../inspector/fields';
import { describeStop } from './describe';
import { NodeFrame, NO_PORTS } from './NodeFrame';
import { type NodeSpec } from './spec';

const KNOWN_REASONS = [
  'paid',
  'disputed',
  'promise_active',
  'do_not_contact',
  'escalated',
  'no_consent',
  'small_amount',
  'written_off',
];

const toReason = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .slice(0, 64);

const StopNode = memo(function StopNode({ id, data, selected }: NodeProps<FlowNodeOf<'stop'>>) {
  const { reason, label } = data.content;
  return (
    <NodeFrame id={id} spec={stopSpec} label={label} selected={selected} ports={NO_PORTS}>
      <p className="pnode__line pnode__logic">{describeStop(reason)}</p>
    </NodeFrame>
  );
});

export const stopSpec: NodeSpec<'stop'> = {
  kind: 'stop',
  title: 'Stop',
  blurb: 'No contact, with a reason',
  glyph: '■',
  color: '#64748b',
  create: (id) => ({ id, kind: 'stop', reason: 'paid' }),
  describe: (content) => describeStop(content.reason),
  Node: StopNode,
  Form: ({ content, update }) => (
    <Field label="Reason" hint="Recorded with the decision; lowercase words joined by _">
      {(id) => (
        <>
          <input
            id={id}
            className="input"
            list={`${id}-reasons`}
            value={content.reason}
            onChange={(e) => {
              const reason = toReason(e.target.value);
              if (reason) update({ ...content, reason }, 'reason');
            }}
          />
          <datalist id={`${id}-reasons`}>
            {KNOWN_REASONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  ),
};
