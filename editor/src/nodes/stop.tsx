/**
 * Stop: no contact, with a reason written in words ("Sent to collector") and the stable code
 * recorded with each decision beside it (`sent_to_collector`). The code follows the words until
 * it is edited by hand; a new stop has neither, which the problems list says.
 */
import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type FlowNodeOf } from '../canvas/flow-graph';
import { Field } from '../inspector/fields';
import { describeStop } from './describe';
import { NodeFrame, NO_PORTS } from './NodeFrame';
import { type NodeSpec } from './spec';

/** Reasons the engine and reports know, with the words they read as. */
const KNOWN_REASONS: ReadonlyArray<readonly [code: string, words: string]> = [
  ['paid', 'Paid'],
  ['disputed', 'Disputed'],
  ['promise_active', 'Promise to pay in force'],
  ['do_not_contact', 'Do not contact'],
  ['escalated', 'Escalated'],
  ['no_consent', 'No consent'],
  ['small_amount', 'Small amount'],
  ['written_off', 'Written off'],
];

/** "Sent to collector!" → "sent_to_collector": lowercase words joined by _, nothing trailing. */
export const reasonCode = (words: string): string => {
  const known = KNOWN_REASONS.find(([, w]) => w.toLowerCase() === words.trim().toLowerCase());
  if (known) return known[0];
  return words
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 64)
    .replace(/_+$/, '');
};

/** A code as it is being typed: an underscore may end it until the box is left. */
const typedCode = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .slice(0, 64);

const wordsOf = (code: string) => KNOWN_REASONS.find(([c]) => c === code)?.[1] ?? code.replace(/_/g, ' ');

const StopNode = memo(function StopNode({ id, data, selected }: NodeProps<FlowNodeOf<'stop'>>) {
  const { reason, reasonLabel, label } = data.content;
  return (
    <NodeFrame id={id} spec={stopSpec} label={label} selected={selected} ports={NO_PORTS}>
      <p className="pnode__line pnode__logic">{describeStop(reason, reasonLabel)}</p>
    </NodeFrame>
  );
});

export const stopSpec: NodeSpec<'stop'> = {
  kind: 'stop',
  title: 'Stop',
  blurb: 'No contact, with a reason',
  glyph: '■',
  color: '#64748b',
  create: (id) => ({ id, kind: 'stop', reason: '' }),
  describe: (content) => describeStop(content.reason, content.reasonLabel),
  Node: StopNode,
  Form: ({ content, update }) => {
    const words = content.reasonLabel ?? (content.reason ? wordsOf(content.reason) : '');
    // The code follows the words while it is what the words would give; once edited by hand, it stays.
    const follows = content.reason === '' || content.reason === reasonCode(words);
    return (
      <>
        <Field label="Reason" hint="Why the invoice stops here, in your words">
          {(id) => (
            <>
              <input
                id={id}
                className="input"
                list={`${id}-reasons`}
                value={words}
                maxLength={200}
                placeholder="e.g. Sent to collector"
                onChange={(e) => {
                  const reasonLabel = e.target.value;
                  const reason = follows ? reasonCode(reasonLabel) : content.reason;
                  update({ ...content, reason, reasonLabel: reasonLabel || undefined }, 'reason');
                }}
              />
              <datalist id={`${id}-reasons`}>
                {KNOWN_REASONS.map(([code, w]) => (
                  <option key={code} value={w} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="Code" hint="Recorded with each decision and in reports; keep it once published">
          {(id) => (
            <input
              id={id}
              className="input input--code"
              value={content.reason}
              maxLength={64}
              placeholder="sent_to_collector"
              onChange={(e) => update({ ...content, reason: typedCode(e.target.value) }, 'reason-code')}
              onBlur={() => {
                const tidy = content.reason.replace(/_+$/, '');
                if (tidy !== content.reason) update({ ...content, reason: tidy }, 'reason-code');
              }}
            />
          )}
        </Field>
      </>
    );
  },
};
