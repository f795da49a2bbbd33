/** A wait: which day count (only day-count facts) must reach how many days before the invoice moves on. */
import { getFact, isDayCountFact, type NodeOf } from '@dunwell/engine/policy';
import { describeWait, factLabel } from '../nodes/describe';
import { FactSelect } from './FactSelect';
import { Field, NumberInput } from './fields';

type Wait = Pick<NodeOf<'wait'>, 'fact' | 'days'>;

export function WaitForm({ wait, onChange }: { wait: Wait; onChange: (wait: Wait, coalesceKey?: string) => void }) {
  const fact = getFact(wait.fact);
  const anchor = fact && 'anchor' in fact ? fact.anchor : undefined;
  return (
    <>
      <Field label="Day count" hint={fact?.description}>
        {(id) => (
          <FactSelect
            id={id}
            value={wait.fact}
            only={(f) => isDayCountFact(f.name)}
            onChange={(f) => onChange({ ...wait, fact: f })}
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
            value={wait.days}
            integer
            min={-3650}
            max={3650}
            unit="days"
            onChange={(days) => onChange({ ...wait, days }, 'days')}
          />
        )}
      </Field>
      <p className="section-hint">
        {describeWait(wait)}. Until then the decision is <em>wait</em>, to look again on the{' '}
        {anchor ? `${factLabel(anchor).toLowerCase()} ` : ''}+ {wait.days} days. If the count is missing (no step taken
        yet), the invoice moves on.
      </p>
    </>
  );
}
