/**
 * The published rule set is plain json-rules-engine JSON: loaded into a bare Engine exactly as the
 * README shows and run on the facts the API logged, it ends where the API's decision ended.
 */
import { createHash } from 'node:crypto';

import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { beforeAll, expect, it } from 'vitest';

import { client, CONTACT_RULES_OFF, describeEachServer, invoiceRequest, type Json } from './support';

const bucket = (accountId: string) =>
  createHash('sha256').update(`${accountId}\u001fchannel-test`).digest().readUInt32BE(0) % 100;
const accountIn = (arm: 'champion' | 'challenger') => {
  for (let i = 0; ; i++) {
    const id = `PARITY-${i}`;
    if (bucket(id) < 50 === (arm === 'champion')) return id;
  }
};

const WAITS = new Set(['pre-due']);

const after = (date: string, stepsTaken = 1, lastActionType = 'email') => ({
  stepsTaken,
  lastActionType,
  lastActionDate: date,
});

/** Varied requests, each with the terminal the sample policy should reach. */
const CASES: Array<[string, Parameters<typeof invoiceRequest>[0]]> = [
  ['pre-due', { invoiceId: 'P-1', asOf: '2026-03-10' }],
  ['friendly', { invoiceId: 'P-2', asOf: '2026-03-29' }],
  ['email-1', { invoiceId: 'P-4', asOf: '2026-04-03', history: after('2026-03-28') }],
  ['call', { invoiceId: 'P-7', asOf: '2026-04-12', history: after('2026-04-01', 2) }],
  ['call', { invoiceId: 'P-8', asOf: '2026-04-12', amount: 900, account: { lateRate: 0.75 } }],
  [
    'email-2',
    { invoiceId: 'P-9', accountId: accountIn('champion'), asOf: '2026-04-12', amount: 900, account: { lateRate: 0.2 } },
  ],
  ['sms', { invoiceId: 'P-10', accountId: accountIn('challenger'), asOf: '2026-04-12', amount: 900 }],
  ['final-letter', { invoiceId: 'P-12', asOf: '2026-05-05' }],
  ['escalate', { invoiceId: 'P-13', asOf: '2026-06-30', history: after('2026-05-01', 4, 'letter') }],
  ['stop-escalated', { invoiceId: 'P-14', asOf: '2026-06-30', history: after('2026-05-20', 5, 'escalate') }],
  ['stop-disputed', { invoiceId: 'P-15', asOf: '2026-04-12', disputed: true }],
  ['stop-promise', { invoiceId: 'P-16', asOf: '2026-04-12', promiseToPayDate: '2026-04-30' }],
  ['stop-paid', { invoiceId: 'P-17', asOf: '2026-04-12', openAmount: 0 }],
];

describeEachServer('rule set parity with plain json-rules-engine', (server) => {
  const api = client(server);
  let ruleSet: Json;

  beforeAll(async () => {
    ruleSet = await api.get('/v1/policies/standard-b2b/versions/1/rules');
    // Parity of the rule set; the contact rules have their own suite.
    await api.put('/v1/settings/contact-rules', CONTACT_RULES_OFF);
  });

  /** Exactly the README's loading code. */
  function loadEngine(): Engine {
    const engine = new Engine([], ruleSet.options);
    for (const [name, condition] of Object.entries(ruleSet.conditions))
      engine.setCondition(name, condition as TopLevelCondition);
    for (const rule of ruleSet.rules) engine.addRule(rule as RuleProperties);
    return engine;
  }

  it('serves a rule set for version 1 of the sample policy', () => {
    expect(ruleSet).toMatchObject({
      schemaVersion: 1,
      policyId: 'standard-b2b',
      version: 1,
      options: { allowUndefinedFacts: true },
    });
  });

  it.each(CASES)('reaches %s in the API and in a bare engine run on the logged facts', async (expected, request) => {
    const decision = await api.decide(invoiceRequest(request));
    expect(decision.explanation.terminal).toBe(expected);

    const { facts } = await api.get(`/v1/decisions/${decision.decisionId}`);
    expect(facts).toHaveProperty('daysPastDue');
    expect(facts).toHaveProperty('split.channel-test');
    const { events } = await loadEngine().run(facts);
    expect(events).toHaveLength(1);
    expect(events[0]!.params!.nodeId).toBe(decision.explanation.terminal);
    const kind = WAITS.has(expected) ? 'wait' : expected.startsWith('stop-') ? 'stop' : 'action';
    expect(events[0]!.params!.kind).toBe(kind);
    // Every consent is given, so no guard overrides the policy here.
    expect(decision.outcome).toBe(kind);
  });

  it('covers every place the sample policy can end', () => {
    expect(new Set(CASES.map(([terminal]) => terminal)).size).toBe(12);
  });
});
