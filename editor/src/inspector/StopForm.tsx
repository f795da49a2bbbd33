/** A stop's reason: a known one, or the user's own (lowercase words joined by _, as the engine stores them). */
import { Field } from './fields';

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

export function StopForm({
  reason,
  onChange,
}: {
  reason: string;
  onChange: (reason: string, coalesceKey?: string) => void;
}) {
  return (
    <Field label="Reason" hint="Recorded with the decision; lowercase words joined by _">
      {(id) => (
        <>
          <input
            id={id}
            className="input"
            list={`${id}-reasons`}
            value={reason}
            onChange={(e) => {
              const next = toReason(e.target.value);
              if (next) onChange(next, 'reason');
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
  );
}
