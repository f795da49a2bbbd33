/** Wait: hold the invoice until a day count (only day-count facts) reaches a number of days. */
import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { getFact, isDayCountFact } from '@dunwell/engine/policy';
import { type ContentOf, type FlowNodeOf } from '../canvas/flow-graph';
import { FactSelect } from '../inspector/FactSelect';
import { Field, NumberInput } from '../inspector/fields';
import { factLabel, formatNumber } from './describe';
import { NodeFrame, type Port } from './NodeFrame';
import { type KindFormProps, type NodeSpec } from './spec';

const PORTS: Port[] = [{ id: 'next', label: 'then' }];

const describeWait = (content: Pick<ContentOf<'wait'>, 'fact' | 'days'>) =>
  `Wait until ${factLabel(content.fact).toLowerCase()} ≥ ${formatNumber(content.days)}`;

const WaitNode = memo(function WaitNode({ id, data, selected }: NodeProps<FlowNodeOf<'wait'>>) {
  return (
    <NodeFrame id={id} spec={waitSpec} label={data.content.label} selected={selected} ports={PORTS}>
      <p className="pnode__line pnode__logic">{describeWait(data.content)}</p>
    </NodeFrame>
  );
});

function WaitForm({ content, update }: KindFormProps<'wait'>) {
  const fact = getFact(content.fact);
  const anchor = fact && 'anchor' in fact ? fact.anchor : undefined;
  return (
    <>
      <Field label="Day count" hint={fact?.description}>
        {(id) => (
          <FactSelect
            id={id}
            value={content.fact}
            only={(f) => isDayCountFact(f.name)}
            onChange={(f) => update({ ...content, fact: f })}
          />
        )}
      </Field>
      <Field
        label="Until it reaches"
        hint="Negative counts are before the anchor date, e.g. −3 days past due is 3 days before due"
      >
        {(id) => (
          <NumberInput
            id={id}
            value={content.days}
            integer
            min={-3650}
            max={3650}
            unit="days"
            onChange={(days) => update({ ...content, days }, 'days')}
          />
        )}
      </Field>
      <p className="section-hint">
        {describeWait(content)}. Until then the decision is <em>wait</em>, to look again on the{' '}
        {anchor ? `${factLabel(anchor).toLowerCase()} ` : ''}+ {content.days} days. If the count is missing (no step
        taken yet), the invoice moves on.
      </p>
    </>
  );
}

export const waitSpec: NodeSpec<'wait'> = {
  kind: 'wait',
  title: 'Wait',
  blurb: 'Hold until a day count is reached',
  glyph: '◷',
  color: '#b45309',
  create: (id) => ({ id, kind: 'wait', fact: 'daysPastDue', days: 7 }),
  describe: describeWait,
  Node: WaitNode,
  Form: WaitForm,
};
