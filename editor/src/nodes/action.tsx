/**
 * Action: a dunning step (email, SMS, call, letter, task, escalate) with its template, level,
 * priority, fallback channel and, for an escalation, who takes over.
 */
import { memo } from 'react';
import { type NodeProps } from '@xyflow/react';
import {
  ACTION_TYPES,
  CONSENT_FACT,
  ESCALATION_TARGETS,
  PRIORITIES,
  type Action,
  type ActionType,
} from '@dunwell/engine/policy';
import { type FlowNodeOf } from '../canvas/flow-graph';
import { Field, NumberInput } from '../inspector/fields';
import { actionName, factLabel } from './describe';
import { NodeFrame, NO_PORTS } from './NodeFrame';
import { type KindFormProps, type NodeSpec } from './spec';

/** How often the step is taken: once per invoice, or every so many days up to a number of times. */
export function describeRepeat(action: Pick<Action, 'repeat'>): string {
  const { repeat } = action;
  return repeat ? `every ${repeat.everyDays} days, at most ${repeat.maxTimes} times` : 'once per invoice';
}

export function describeAction(action: Action): string {
  const head = action.type === 'escalate' && action.target ? `Escalate to ${action.target}` : actionName(action.type);
  const template = action.template ? `${action.template}, ` : '';
  return `${head}: ${template}level ${action.level}`;
}

const ActionNode = memo(function ActionNode({ id, data, selected }: NodeProps<FlowNodeOf<'action'>>) {
  const { action, label } = data.content;
  return (
    <NodeFrame id={id} spec={actionSpec} label={label} selected={selected} ports={NO_PORTS}>
      <p className="pnode__line pnode__logic">{describeAction(action)}</p>
      <p className="pnode__chips">
        <span className={`chip chip--${action.priority}`}>{action.priority} priority</span>
        <span className="chip">{describeRepeat(action)}</span>
        {action.fallback && <span className="chip">else {actionName(action.fallback)}</span>}
      </p>
    </NodeFrame>
  );
});

/** Channels a fallback may use: the ones that reach the customer directly. */
const FALLBACK_CHANNELS: readonly ActionType[] = ['email', 'sms', 'call', 'letter'];

function ActionForm({ content, update }: KindFormProps<'action'>) {
  const { action } = content;
  const onChange = (next: Action, key?: string) => update({ ...content, action: next }, key);
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
      <Field label="How often" hint="The engine remembers each step: it is not taken again unless it repeats">
        {(id) => (
          <select
            id={id}
            className="input"
            value={action.repeat ? 'repeat' : 'once'}
            onChange={(e) => {
              const { repeat: _old, ...rest } = action;
              onChange(e.target.value === 'repeat' ? { ...rest, repeat: { everyDays: 7, maxTimes: 3 } } : rest);
            }}
          >
            <option value="once">Once per invoice</option>
            <option value="repeat">Repeat</option>
          </select>
        )}
      </Field>
      {action.repeat && (
        <div className="field-row">
          <Field label="Every">
            {(id) => (
              <NumberInput
                id={id}
                value={action.repeat!.everyDays}
                integer
                min={1}
                max={365}
                unit="days"
                onChange={(everyDays) => onChange({ ...action, repeat: { ...action.repeat!, everyDays } }, 'everyDays')}
              />
            )}
          </Field>
          <Field label="At most">
            {(id) => (
              <NumberInput
                id={id}
                value={action.repeat!.maxTimes}
                integer
                min={2}
                max={100}
                unit="times"
                onChange={(maxTimes) => onChange({ ...action, repeat: { ...action.repeat!, maxTimes } }, 'maxTimes')}
              />
            )}
          </Field>
        </div>
      )}
      {needsConsent && (
        <Field
          label="If the customer has not consented"
          hint={`When “${factLabel(CONSENT_FACT[action.type]!)}” is no, use another channel instead of stopping`}
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

export const actionSpec: NodeSpec<'action'> = {
  kind: 'action',
  title: 'Action',
  blurb: 'Email, SMS, call, letter, task, escalate',
  glyph: '✉',
  color: '#047857',
  create: (id) => ({
    id,
    kind: 'action',
    action: { type: 'email', template: 'reminder-1', level: 1, priority: 'normal', fallback: 'letter' },
  }),
  describe: (content) => describeAction(content.action),
  Node: ActionNode,
  Form: ActionForm,
};
