/** An action's fields: channel, template, dunning level, priority, fallback channel, and the escalation target. */
import {
  ACTION_TYPES,
  CONSENT_FACT,
  ESCALATION_TARGETS,
  PRIORITIES,
  type Action,
  type ActionType,
} from '@dunwell/engine/policy';
import { actionName } from '../nodes/describe';
import { Field, NumberInput } from './fields';

/** Channels a fallback may use: the ones that reach the customer directly. */
const FALLBACK_CHANNELS: readonly ActionType[] = ['email', 'sms', 'call', 'letter'];

export function ActionForm({
  action,
  onChange,
}: {
  action: Action;
  onChange: (action: Action, coalesceKey?: string) => void;
}) {
  const changeType = (type: ActionType) => {
    const { target, fallback, ...rest } = action;
    onChange({
      ...rest,
      type,
      ...(type === 'escalate' && target ? { target } : {}),
      ...(fallback && fallback !== type && CONSENT_FACT[type] ? { fallback } : {}),
    });
  };
  const needsConsent = CONSENT_FACT[action.type] !== undefined;
  return (
    <>
      <Field label="Action">
        {(id) => (
          <select
            id={id}
            className="input"
            value={action.type}
            onChange={(e) => changeType(e.target.value as ActionType)}
          >
            {ACTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {actionName(t)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {action.type === 'escalate' && (
        <Field label="Escalate to" error={action.target ? undefined : 'Choose who takes over'}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={action.target ?? ''}
              onChange={(e) => {
                const { target: _old, ...rest } = action;
                onChange(e.target.value ? { ...rest, target: e.target.value as Action['target'] } : rest);
              }}
            >
              <option value="">Choose…</option>
              {ESCALATION_TARGETS.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Template" hint="The message or script your systems use for this step">
        {(id) => (
          <input
            id={id}
            className="input"
            value={action.template}
            maxLength={200}
            onChange={(e) => onChange({ ...action, template: e.target.value }, 'template')}
          />
        )}
      </Field>
      <div className="field-row">
        <Field label="Dunning level">
          {(id) => (
            <NumberInput
              id={id}
              value={action.level}
              integer
              min={0}
              max={10}
              onChange={(level) => onChange({ ...action, level }, 'level')}
            />
          )}
        </Field>
        <Field label="Priority">
          {(id) => (
            <select
              id={id}
              className="input"
              value={action.priority}
              onChange={(e) => onChange({ ...action, priority: e.target.value as Action['priority'] })}
            >
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {needsConsent && (
        <Field
          label="If the customer has not consented"
          hint={`Without ${CONSENT_FACT[action.type]}, use another channel instead of stopping`}
        >
          {(id) => (
            <select
              id={id}
              className="input"
              value={action.fallback ?? ''}
              onChange={(e) => {
                const { fallback: _old, ...rest } = action;
                onChange(e.target.value ? { ...rest, fallback: e.target.value as ActionType } : rest);
              }}
            >
              <option value="">Stop (no contact)</option>
              {FALLBACK_CHANNELS.filter((c) => c !== action.type).map((c) => (
                <option key={c} value={c}>
                  Use {actionName(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </>
  );
}
