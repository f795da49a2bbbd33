/**
 * Dunning steps remember what they did: a step is taken once unless it repeats, a done step is a
 * wait until the decision changes, and every decision says when it next changes (nextReviewAt),
 * found by evaluating the policy forward day by day.
 */
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { addDays } from '../features/days';
import { CONTACT_RULES_OFF, get, post, put, type App, type Json } from '../../test-support/api';

const reminders = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'overdue', kind: 'wait', fact: 'daysPastDue', days: 1 },
    {
      id: 'nudge',
      kind: 'action',
      action: { type: 'email', template: 'nudge', level: 1, priority: 'normal', repeat: { everyDays: 3, maxTimes: 3 } },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'overdue' },
    { id: 'e2', source: 'overdue', sourceHandle: 'next', target: 'nudge' },
  ],
};

/** A month after the last payment, a letter. */
const afterPayment = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'quiet', kind: 'wait', fact: 'daysSinceLastPayment', days: 30 },
    { id: 'letter', kind: 'action', action: { type: 'letter', template: 'quiet', level: 1, priority: 'normal' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'quiet' },
    { id: 'e2', source: 'quiet', sourceHandle: 'next', target: 'letter' },
  ],
};

const invoice = (id: string, accountId = 'MEM') => ({
  id,
  accountId,
  amount: 800,
  currency: 'EUR',
  issueDate: '2026-03-01',
  dueDate: '2026-03-31',
});
const consent = (id = 'MEM') => ({ id, emailAllowed: true, smsAllowed: true, callAllowed: true });

describeEachStore('dunning steps with memory', (store) => {
  let app: App;
  const decide = async (body: Record<string, unknown>) => {
    const reply = await post(app, '/v1/decide', { dryRun: true, ...body });
    expect(reply.status, reply.text).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    app = createApp(store.database);
    // The memory of steps, day by day; the contact rules have their own suite.
    await put(app, '/v1/settings/contact-rules', CONTACT_RULES_OFF);
    for (const [id, graph] of [
      ['reminders', reminders],
      ['after-payment', afterPayment],
    ] as const) {
      expect((await post(app, '/v1/policies', { id, name: id, graph })).status).toBe(201);
      expect((await post(app, `/v1/policies/${id}/versions`, {})).status).toBe(201);
    }
  });

  it('takes a repeating step every 3 days, 3 times, and says when it is next due', async () => {
    const actions: Json[] = [];
    const seen: Array<[string, string, string]> = [];
    for (let day = 0; day <= 14; day++) {
      const asOf = addDays('2026-04-01', day);
      const d = await decide({
        policyId: 'reminders',
        invoice: invoice('MEM-1'),
        account: consent(),
        history: { actions },
        asOf,
      });
      seen.push([asOf, d.outcome, d.nextReviewAt]);
      if (d.outcome === 'action') actions.push({ step: d.action.step, type: d.action.type, date: asOf });
    }
    expect(actions.map((a) => a.date)).toEqual(['2026-04-01', '2026-04-04', '2026-04-07']);
    expect(seen[0]).toEqual(['2026-04-01', 'action', '2026-04-04']);
    expect(seen[1]).toEqual(['2026-04-02', 'wait', '2026-04-04']);
    expect(seen[3]).toEqual(['2026-04-04', 'action', '2026-04-07']);
    // After the third time nothing changes any more: the next review is the horizon's end.
    expect(seen[6]).toEqual(['2026-04-07', 'action', addDays('2026-04-07', 120)]);
    expect(seen[10]).toEqual(['2026-04-11', 'wait', addDays('2026-04-11', 120)]);
  });

  it('answers a step already taken with wait, reason step_done, reviewAt the day the decision changes', async () => {
    const d = await decide({
      invoice: invoice('MEM-2'),
      account: consent(),
      history: { actions: [{ step: 'email-1', type: 'email', date: '2026-04-01' }] },
      asOf: '2026-04-03',
    });
    expect(d).toMatchObject({
      outcome: 'wait',
      reason: 'step_done',
      reviewAt: '2026-04-07',
      nextReviewAt: '2026-04-07',
    });
    expect(d.explanation.terminal).toBe('email-1');
    expect(d.explanation.overrides[0].rule).toBe('step_done');
    // The memory sets the history facts: one step, an email, two days ago.
    const logged = await post(app, '/v1/decide', {
      invoice: invoice('MEM-2'),
      account: consent(),
      history: { actions: [{ step: 'email-1', type: 'email', date: '2026-04-01' }] },
      asOf: '2026-04-03',
    });
    const facts = (await get(app, `/v1/decisions/${logged.body.decisionId}`)).body.facts;
    expect(facts).toMatchObject({
      stepsTaken: 1,
      lastActionType: 'email',
      daysSinceLastAction: 2,
      contactsLast7Days: 1,
    });
  });

  it('gives every decision a next review date: a stop until its promise has passed, a dispute to the horizon', async () => {
    const promised = await decide({
      invoice: { ...invoice('MEM-3'), promiseToPayDate: '2026-04-20' },
      account: consent(),
      asOf: '2026-04-10',
    });
    expect(promised).toMatchObject({ outcome: 'stop', reason: 'promise_active', nextReviewAt: '2026-04-21' });
    const disputed = await decide({
      invoice: { ...invoice('MEM-4'), disputed: true },
      account: consent(),
      asOf: '2026-04-10',
    });
    expect(disputed).toMatchObject({ outcome: 'stop', nextReviewAt: addDays('2026-04-10', 120) });
  });

  it('dates a wait on a day count from the ledger: a month after the last payment', async () => {
    const paid = {
      invoiceId: 'MEM-P1',
      accountId: 'PAYER',
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
      amount: 100,
      currency: 'EUR',
      settledDate: '2026-03-20',
      disputed: false,
    };
    expect((await post(app, '/v1/ledger/invoices', { invoices: [paid] })).status).toBe(200);
    const d = await decide({
      policyId: 'after-payment',
      invoice: invoice('MEM-5', 'PAYER'),
      account: consent('PAYER'),
      asOf: '2026-04-01',
    });
    expect(d).toMatchObject({ outcome: 'wait', reviewAt: '2026-04-19', nextReviewAt: '2026-04-19' });
    expect(d.explanation.path[1].wait).toMatchObject({ fact: 'daysSinceLastPayment', factValue: 12, held: true });
  });

  it('runs the sample policy\u2019s timeline with each step once, in level order, each change on its next review date', async () => {
    const reply = await post(app, '/v1/policies/standard-b2b/simulate/timeline', {
      request: { invoice: { ...invoice('MEM-6'), amount: 20000 }, account: consent() },
      days: 90,
    });
    expect(reply.status, reply.text).toBe(200);
    const days: Json[] = reply.body.days;
    const taken = days.filter((d) => d.decision.outcome === 'action');
    const steps = taken.map((d) => d.decision.action.step);
    expect(steps).toEqual(['friendly', 'email-1', 'call', 'final-letter', 'escalate']);
    const levels = taken.map((d) => d.decision.action.level);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    // Between a decision and its next review date nothing changes; on that date something does. After an
    // action the unchanged state is the one that remembers it (the next day's); otherwise the decision itself.
    const key = (d: Json) => `${d.outcome}|${d.explanation.terminal}|${d.reason ?? ''}`;
    let checked = 0;
    for (const [i, day] of days.entries()) {
      const next = days.findIndex((d) => d.date === day.decision.nextReviewAt);
      if (next === -1 || next === i + 1) continue;
      const base = day.decision.outcome === 'action' ? key(days[i + 1]!.decision) : key(day.decision);
      for (const between of days.slice(i + 1, next)) expect(key(between.decision), between.date).toBe(base);
      expect(key(days[next]!.decision), days[next]!.date).not.toBe(base);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
