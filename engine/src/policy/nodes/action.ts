/**
 * `action` (ends the decision): a dunning step of type email, sms, call, letter, task or
 * escalate, with its template, level and priority. A channel that needs consent falls back
 * to `fallback` or stops (decide/guards.ts); `escalate` names who takes over.
 */
import { z } from 'zod';
import { ACTION_TYPES, CONSENT_FACT, factLabel } from '../facts';
import { nodeBase, plain, type NodeKindModule, type NoTrace } from './kind';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ESCALATION_TARGETS = ['collector', 'agency', 'legal'] as const;

export const actionSchema = z.object({
  type: z.enum(ACTION_TYPES),
  template: z.string().max(200).default(''),
  level: z.number().int().min(0).max(10).default(1),
  priority: z.enum(PRIORITIES).default('normal'),
  /** Channel used instead when the customer has not consented to `type`. */
  fallback: z.enum(ACTION_TYPES).optional(),
  /** Who takes over an `escalate` action. */
  target: z.enum(ESCALATION_TARGETS).optional(),
  /** Absent: the step is taken once per invoice. */
  repeat: z
    .object({
      /** Days from one time the step is taken to the next. */
      everyDays: z.number().int().min(1).max(365),
      /** How many times at most, the first included. */
      maxTimes: z.number().int().min(2).max(100),
    })
    .strict()
    .optional(),
});
export type Action = z.infer<typeof actionSchema>;

/**
 * Whether a step may be taken on `day` (a day number) given the days it was taken before: the
 * occurrence it would be (1 for the first time), or the first day it is due again, or `never`
 * once it was taken as often as it may be (docs/policy.md, "Dunning steps remember").
 */
export function stepDue(
  action: Pick<Action, 'repeat'>,
  takenDays: readonly number[],
  day: number,
): { due: true; occurrence: number } | { due: false; nextDay: number | 'never' } {
  const times = action.repeat?.maxTimes ?? 1;
  if (takenDays.length === 0) return { due: true, occurrence: 1 };
  if (takenDays.length >= times) return { due: false, nextDay: 'never' };
  const nextDay = Math.max(...takenDays) + action.repeat!.everyDays;
  return day >= nextDay ? { due: true, occurrence: takenDays.length + 1 } : { due: false, nextDay };
}

export const actionNodeSchema = z.object({ ...nodeBase, kind: z.literal('action'), action: actionSchema });
export type ActionNode = z.infer<typeof actionNodeSchema>;

export const actionKind: NodeKindModule<ActionNode, NoTrace> = {
  ...plain,
  outputs: () => [],
  outputLabel: (_node, handle) => handle,
  validate(node, { testedBefore }) {
    const { type, target, fallback } = node.action;
    const at = { nodeId: node.id };
    const out = [];
    if (type === 'escalate' && !target) {
      const message = 'Say who the invoice is escalated to (collector, agency or legal)';
      out.push({ code: 'MISSING_TARGET', severity: 'error', message, ...at } as const);
    }
    if (fallback && (fallback === type || fallback === 'task' || fallback === 'escalate')) {
      const message = 'The fallback must be another contact channel (email, sms, call or letter)';
      out.push({ code: 'INVALID_FALLBACK', severity: 'error', message, ...at } as const);
    }
    // Without a fallback, customers lacking consent are stopped here unless a step before checks it.
    const consent = CONSENT_FACT[type];
    if (!fallback && consent && !testedBefore(node.id, consent)) {
      const said = factLabel(consent);
      const message = `Customers whose “${said}” is no are not contacted here: add a fallback channel or check “${said}” before this step`;
      out.push({ code: 'NO_CONSENT_CHECK', severity: 'warning', message, ...at } as const);
    }
    return out;
  },
  choose: () => undefined,
  edge: () => null,
  terminal: (node) => ({ event: { nodeId: node.id, kind: 'action', action: node.action }, held: null }),
};
