/** Small node/edge builders and a realistic sample policy for the policy core's example-based tests. */
import { type Action, type PolicyEdge, type PolicyGraph, type PolicyNode, type Predicate } from '../src/policy';

export const startNode = (id = 'start'): PolicyNode => ({ id, kind: 'start' });
export const stopNode = (id: string, reason = 'paid'): PolicyNode => ({ id, kind: 'stop', reason });
export const conditionNode = (id: string, predicate: Predicate): PolicyNode => ({ id, kind: 'condition', predicate });
export const waitNode = (id: string, fact: string, days: number): PolicyNode => ({ id, kind: 'wait', fact, days });
export const actionNode = (id: string, action: Partial<Action> & Pick<Action, 'type'>): PolicyNode => ({
  id,
  kind: 'action',
  action: { template: `${id}-template`, level: 1, priority: 'normal', ...action },
});
/** A letter needs no consent, so it raises no warning. */
export const letterNode = (id: string): PolicyNode => actionNode(id, { type: 'letter' });
export const edge = (id: string, source: string, sourceHandle: string, target: string): PolicyEdge => ({
  id,
  source,
  sourceHandle,
  target,
});

/**
 * A realistic dunning policy that uses every node kind, with layout: disputes and promises
 * stop, then the invoice waits for its due date, a switch picks the stage, and early
 * reminders are a champion/challenger split.
 */
export function samplePolicy(): PolicyGraph {
  const nodes: PolicyNode[] = [
    { ...startNode(), position: { x: 0, y: 0 } },
    {
      ...conditionNode('disputed', { fact: 'disputed', operator: 'equal', value: true }),
      label: 'Disputed?',
      position: { x: 0, y: 100 },
    },
    { ...stopNode('stop-disputed', 'disputed'), position: { x: 200, y: 100 } },
    {
      ...conditionNode('promise', { fact: 'promiseActive', operator: 'equal', value: true }),
      label: 'Promise to pay?',
      position: { x: 0, y: 200 },
    },
    { ...stopNode('stop-promise', 'promise_active'), position: { x: 200, y: 200 } },
    { ...waitNode('due', 'daysPastDue', 1), label: 'Past due', position: { x: 0, y: 300 }, width: 180, height: 60 },
    {
      id: 'stage',
      kind: 'switch',
      label: 'Stage',
      position: { x: 0, y: 400 },
      cases: [
        {
          id: 'late60',
          label: '60+ days',
          predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 60 },
        },
        {
          id: 'late30',
          label: '30+ days and risky',
          predicate: {
            all: [
              { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 30 },
              { fact: 'lateProbability', operator: 'greaterThan', value: 0.5 },
            ],
          },
        },
        {
          id: 'key',
          label: 'Key accounts',
          predicate: { fact: 'segment', operator: 'in', value: ['enterprise', 'public_sector'] },
        },
      ],
    },
    {
      ...actionNode('agency', { type: 'escalate', target: 'agency', level: 4, priority: 'high', template: 'handover' }),
      position: { x: 400, y: 400 },
    },
    {
      ...actionNode('call', { type: 'call', fallback: 'letter', level: 3, template: 'call-script' }),
      position: { x: 400, y: 500 },
    },
    { ...actionNode('collector-task', { type: 'task', template: 'review-key-account' }), position: { x: 400, y: 600 } },
    { ...waitNode('pause', 'daysSinceLastAction', 7), position: { x: 0, y: 500 } },
    {
      id: 'ab',
      kind: 'split',
      label: 'Tone test',
      arms: [
        { id: 'champion', weight: 50 },
        { id: 'challenger', weight: 50 },
      ],
      position: { x: 0, y: 600 },
    },
    {
      ...conditionNode('email-ok', { fact: 'emailAllowed', operator: 'equal', value: true }),
      position: { x: 0, y: 700 },
    },
    { ...actionNode('email', { type: 'email', template: 'reminder-1' }), position: { x: 0, y: 800 } },
    { ...letterNode('letter'), position: { x: 200, y: 800 } },
    {
      ...actionNode('sms', { type: 'sms', fallback: 'letter', template: 'reminder-sms' }),
      position: { x: 400, y: 700 },
    },
  ];
  const edges: PolicyEdge[] = [
    edge('e1', 'start', 'next', 'disputed'),
    edge('e2', 'disputed', 'yes', 'stop-disputed'),
    edge('e3', 'disputed', 'no', 'promise'),
    edge('e4', 'promise', 'yes', 'stop-promise'),
    edge('e5', 'promise', 'no', 'due'),
    edge('e6', 'due', 'next', 'stage'),
    edge('e7', 'stage', 'late60', 'agency'),
    edge('e8', 'stage', 'late30', 'call'),
    edge('e9', 'stage', 'key', 'collector-task'),
    edge('e10', 'stage', 'default', 'pause'),
    edge('e11', 'pause', 'next', 'ab'),
    edge('e12', 'ab', 'champion', 'email-ok'),
    edge('e13', 'ab', 'challenger', 'sms'),
    edge('e14', 'email-ok', 'yes', 'email'),
    edge('e15', 'email-ok', 'no', 'letter'),
  ];
  return { nodes, edges, viewport: { x: 0, y: 0, zoom: 1 } };
}

/** A policy that always takes one step: versions that differ only in what they send. */
export const always = (type: 'email' | 'letter' | 'sms', template: string) => ({
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    {
      id: 'send',
      kind: 'action',
      action: { type, template, level: 1, priority: 'normal' },
      position: { x: 0, y: 120 },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'send' }],
});
