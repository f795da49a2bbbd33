/**
 * Amount thresholds in the reporting currency: with the stored exchange rates, one threshold is
 * the same money in every currency (50,000 JPY is not 50,000 EUR). Without a rate the fact is
 * missing, so a comparison on it is false and the explanation says so; a change of the rates is
 * what the next decision uses.
 */
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../app';
import { describeEachStore } from '../store/testing';
import { CONTACT_RULES_OFF, post, put, type App, type Json } from '../../test-support/api';

const OVER_50K = {
  nodes: [
    { id: 'start', kind: 'start' },
    {
      id: 'big',
      kind: 'condition',
      label: 'Over 50k?',
      predicate: { fact: 'reportingOpenAmount', operator: 'greaterThan', value: 50000 },
    },
    {
      id: 'ring',
      kind: 'action',
      action: { type: 'call', template: 'big', level: 1, priority: 'high', fallback: 'email' },
    },
    {
      id: 'mail',
      kind: 'action',
      action: { type: 'email', template: 'small', level: 1, priority: 'normal', fallback: 'letter' },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'big' },
    { id: 'e2', source: 'big', sourceHandle: 'yes', target: 'ring' },
    { id: 'e3', source: 'big', sourceHandle: 'no', target: 'mail' },
  ],
};

const request = (currency: string, amount: number) => ({
  policyId: 'over-50k',
  dryRun: true,
  asOf: '2026-04-07',
  invoice: {
    id: `INV-${currency}-${amount}`,
    accountId: 'ACME',
    amount,
    currency,
    issueDate: '2026-03-01',
    dueDate: '2026-03-31',
  },
  account: { id: 'ACME', emailAllowed: true, callAllowed: true },
});

describeEachStore('amounts in the reporting currency', (store) => {
  let app: App;
  const decide = async (currency: string, amount: number): Promise<Json> => {
    const reply = await post(app, '/v1/decide', request(currency, amount));
    expect(reply.status, reply.text).toBe(200);
    return reply.body;
  };
  const condition = (decision: Json) =>
    decision.explanation.path.find((s: Json) => s.nodeId === 'big').conditions[0] as Json;

  beforeAll(async () => {
    app = createApp(store.database);
    await put(app, '/v1/settings/contact-rules', CONTACT_RULES_OFF);
    expect((await post(app, '/v1/policies', { id: 'over-50k', name: 'Over 50k', graph: OVER_50K })).status).toBe(201);
    expect((await post(app, '/v1/policies/over-50k/versions', { note: 'v1' })).status).toBe(201);
  });

  it('without exchange rates the fact is missing: the comparison is false and the explanation says so', async () => {
    const decided = await decide('EUR', 60000);
    expect(decided.action.type).toBe('email');
    expect(decided.explanation.missingFacts).toContain('reportingOpenAmount');
    expect(decided.explanation.reporting).toBeUndefined();
  });

  it('converts with the stored rates, so 50,000 means the same money in EUR and in JPY', async () => {
    const set = await put(app, '/v1/settings/fx-rates', {
      reportingCurrency: 'EUR',
      rates: { JPY: 0.0061, USD: 0.92 },
    });
    expect(set.status, set.text).toBe(200);

    const euros = await decide('EUR', 60000);
    expect(euros.action.type).toBe('call');
    expect(condition(euros)).toMatchObject({ fact: 'reportingOpenAmount', factValue: 60000, result: true });
    expect(euros.explanation.reporting).toEqual({ from: 'EUR', to: 'EUR', rate: 1 });

    const yen = await decide('JPY', 60000);
    expect(yen.action.type).toBe('email');
    expect(condition(yen)).toMatchObject({ factValue: 366, result: false });
    expect(yen.explanation.reporting).toEqual({ from: 'JPY', to: 'EUR', rate: 0.0061 });

    const manyYen = await decide('JPY', 10_000_000);
    expect(manyYen.action.type).toBe('call');
    expect(condition(manyYen)).toMatchObject({ factValue: 61000, result: true });

    // No rate for GBP: missing, never taken as if it were euros.
    const pounds = await decide('GBP', 60000);
    expect(pounds.action.type).toBe('email');
    expect(pounds.explanation.missingFacts).toContain('reportingOpenAmount');
  });

  it('uses changed rates from the next decision on', async () => {
    await put(app, '/v1/settings/fx-rates', { reportingCurrency: 'EUR', rates: { JPY: 0.01 } });
    const yen = await decide('JPY', 6_000_000);
    expect(condition(yen)).toMatchObject({ factValue: 60000, result: true });
    expect(yen.action.type).toBe('call');
  });
});
