/**
 * The contact rules at the API: a deployment setting a policy may tighten, applied to every
 * decision, the timeline included: no contact on a weekend or public holiday, outside the send
 * window or over the weekly cap, and each held contact says why.
 */
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { DEFAULT_CONTACT_RULES } from '../decide/contact-rules';
import { expectClientError, get, post, put, type App, type Json } from '../../test-support/api';

const invoice = {
  id: 'CR-1',
  accountId: 'CR',
  amount: 20000,
  currency: 'EUR',
  issueDate: '2026-03-01',
  dueDate: '2026-03-31',
};
const account = {
  id: 'CR',
  country: 'DE',
  timeZone: 'Europe/Berlin',
  emailAllowed: true,
  smsAllowed: true,
  callAllowed: true,
};
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describeEachStore('contact rules', (store) => {
  let app: App;
  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    app = createApp(store.database);
  });

  it('are a setting with defaults, changed with PUT and checked', async () => {
    expect((await get(app, '/v1/settings/contact-rules')).body).toEqual(DEFAULT_CONTACT_RULES);
    const bad = await put(app, '/v1/settings/contact-rules', {
      ...DEFAULT_CONTACT_RULES,
      sendWindow: { from: '18:00', to: '08:00' },
      defaultTimeZone: 'Nowhere/Land',
    });
    expectClientError(bad, 400, 'invalid_request');
    expect(bad.body.error.issues.map((i: Json) => i.path).sort()).toEqual(['defaultTimeZone', 'sendWindow.to']);
    expectClientError(await put(app, '/v1/settings/contact-rules', { weeklyCap: 0 }), 400, 'invalid_request');
    const changed = await put(app, '/v1/settings/contact-rules', { ...DEFAULT_CONTACT_RULES, weeklyCap: 3 });
    expect(changed.status, changed.text).toBe(200);
    expect((await get(app, '/v1/settings/contact-rules')).body.weeklyCap).toBe(3);
    await put(app, '/v1/settings/contact-rules', DEFAULT_CONTACT_RULES);
  });

  it('keep the sample policy\u2019s timeline to business days, each step once, in level order', async () => {
    const reply = await post(app, '/v1/policies/standard-b2b/simulate/timeline', {
      request: { invoice, account },
      days: 90,
    });
    expect(reply.status, reply.text).toBe(200);
    const days: Json[] = reply.body.days;
    const contacts = days.filter((d) => d.decision.outcome === 'action' && d.decision.action.type !== 'escalate');
    expect(contacts.length).toBeGreaterThan(3);
    for (const d of contacts) {
      expect([0, 6], d.date).not.toContain(weekday(d.date));
      expect(d.date).not.toBe('2026-04-03'); // Good Friday
      expect(d.date).not.toBe('2026-04-06'); // Easter Monday
      expect(d.decision.action.sendAt.slice(0, 10)).toBe(d.date);
    }
    const steps = days.filter((d) => d.decision.outcome === 'action').map((d) => d.decision.action.step);
    expect(steps).toEqual(['friendly', 'email-1', 'call', 'final-letter', 'escalate']);
    const held = days.filter((d) => d.decision.reason === 'not_business_day');
    expect(held.length).toBeGreaterThan(0);
    for (const d of held) {
      expect(d.decision.explanation.overrides.at(-1).rule).toBe('not_business_day');
      expect([0, 6]).not.toContain(weekday(d.decision.reviewAt));
    }
  });

  it('apply a policy\u2019s tighter window, from the account\u2019s time zone in the ledger', async () => {
    const graph = {
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'mail', kind: 'action', action: { type: 'email', template: 'late', level: 1, priority: 'normal' } },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'mail' }],
      contactRules: { sendWindow: { from: '10:00', to: '12:00' }, weeklyCap: 5 },
    };
    expect((await post(app, '/v1/policies', { id: 'late-morning', name: 'Late morning', graph })).status).toBe(201);
    expect((await post(app, '/v1/policies/late-morning/versions', {})).status).toBe(201);
    await post(app, '/v1/ledger/accounts', {
      accounts: [{ ...account, id: 'NYC', country: 'US', timeZone: 'America/New_York' }],
    });
    await post(app, '/v1/ledger/invoices', {
      invoices: [
        {
          invoiceId: 'NYC-1',
          accountId: 'NYC',
          issueDate: '2026-03-01',
          dueDate: '2026-03-31',
          amount: 10,
          currency: 'USD',
          settledDate: null,
          disputed: null,
        },
      ],
    });
    const early = await post(app, '/v1/decide', {
      invoiceId: 'NYC-1',
      policyId: 'late-morning',
      asOf: '2026-04-01T09:00:00Z',
    });
    expect(early.status, early.text).toBe(200);
    // 10:00 in New York is 14:00 UTC; the policy's window is inside the deployment's 08:00-18:00.
    expect(early.body.action.sendAt).toBe('2026-04-01T14:00:00.000Z');
    expect(early.body.explanation.overrides).toEqual([
      expect.objectContaining({
        rule: 'send_window',
        message: expect.stringContaining('10:00\u201312:00 America/New_York'),
      }),
    ]);
    const late = await post(app, '/v1/decide', {
      invoiceId: 'NYC-1',
      policyId: 'late-morning',
      asOf: '2026-04-01T17:00:00Z',
    });
    expect(late.body).toMatchObject({ outcome: 'wait', reason: 'send_window_closed', reviewAt: '2026-04-02' });
    // The policy's cap of 5 does not loosen the deployment's 2.
    const capped = await post(app, '/v1/decide', {
      invoiceId: 'NYC-1',
      policyId: 'late-morning',
      asOf: '2026-04-02T13:00:00Z',
      history: {
        actions: [
          { step: 'x', type: 'sms', date: '2026-03-30' },
          { step: 'y', type: 'call', date: '2026-04-01' },
        ],
      },
    });
    expect(capped.body).toMatchObject({ outcome: 'wait', reason: 'contact_cap', reviewAt: '2026-04-06' });
  });
});
