/**
 * When a version becomes the active one: now, at a date and time (in the browser's time zone,
 * honoured by every engine process), or, when publishing, not yet.
 */
import { type ActivationTime } from '../api';

export type ActivationChoice = 'now' | 'at' | 'later';

export interface ActivationTimeValue {
  choice: ActivationChoice;
  /** A `datetime-local` value, e.g. 2027-01-04T06:00. */
  at: string;
}

export const ACTIVATE_NOW: ActivationTimeValue = { choice: 'now', at: '' };

const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The time chosen, or why it cannot be used. */
export function activationTimeOf(value: ActivationTimeValue, now = new Date()): ActivationTime | { problem: string } {
  if (value.choice !== 'at') return value.choice;
  if (!value.at) return { problem: 'Choose the date and time it becomes active.' };
  const at = new Date(value.at);
  if (Number.isNaN(at.getTime())) return { problem: 'That is not a date and time.' };
  if (at <= now) return { problem: 'That time has passed: choose a later one, or activate it now.' };
  return at;
}

export function ActivationTimeField({
  value,
  onChange,
  allowLater,
  testId,
}: {
  value: ActivationTimeValue;
  onChange: (value: ActivationTimeValue) => void;
  /** Offer "not now" (publishing: the version is kept, the active one stays). */
  allowLater: boolean;
  testId: string;
}) {
  const chosen = activationTimeOf(value);
  const problem = typeof chosen === 'object' && 'problem' in chosen ? chosen.problem : undefined;
  const option = (choice: ActivationChoice, label: string) => (
    <label className="check">
      <input
        type="radio"
        name={`${testId}-when`}
        value={choice}
        checked={value.choice === choice}
        onChange={() => onChange({ ...value, choice })}
        data-testid={`${testId}-${choice}`}
      />
      {label}
    </label>
  );
  return (
    <fieldset className="activation-time" data-testid={testId}>
      <legend className="field__label">When does it become the active version?</legend>
      {option('now', 'Now')}
      {option('at', 'At a date and time')}
      {value.choice === 'at' && (
        <div className="activation-time__at">
          <input
            type="datetime-local"
            className="input"
            aria-label="Becomes active at"
            aria-invalid={problem !== undefined}
            value={value.at}
            onChange={(e) => onChange({ ...value, at: e.target.value })}
            data-testid={`${testId}-at-input`}
          />
          <span className="field__hint">Your time zone, {ZONE}</span>
          {problem && (
            <span className="field__error" role="alert">
              {problem}
            </span>
          )}
        </div>
      )}
      {allowLater && option('later', 'Not now: keep the active version, activate it later from Versions')}
    </fieldset>
  );
}
