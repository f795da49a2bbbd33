import { beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { CONTACT_RULES_OFF } from '../../test-support/api';

type App = ReturnType<typeof createApp>;

async function send(app: App, method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

/** Issued 2026-01-01, due 2026-01-31, every channel consented: the sample policy's happy path. */
const invoiceRequest = (asOf = '2026-02-10') => ({
  invoice: {
    id: 'INV-SIM-1',
    accountId: 'ACME',
    amount: 1200,
    currency: 'EUR',
    issueDate: '2026-01-01',
    dueDate: '2026-01-31',
    disputed: false,
    promiseToPayDate: null,
  },
  account: {
    id: 'ACME',
    segment: 'mid_market',
    country: 'DE',
    emailAllowed: true,
    smsAllowed: true,
    callAllowed: true,
    lateRate: 0.1,
  },
  asOf,
});

const lettersOnly = {
  nodes: [
    { id: 'start', kind: 'start' },
    {
      id: 'send',
      kind: 'action',
      action: { type: 'letter', template: 'unsaved-notice', level: 2, priority: 'normal' },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'send' }],
};

const withErrors = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'shoes', kind: 'condition', predicate: { fact: 'shoeSize', operator: 'greaterThan', value: 42 } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'shoes' }],
};

describeEachStore('simulate API', (store) => {
  let app: App;
  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    app = createApp(store.database);
    // These simulations are about the policy; contact rules have their own suite.
    await send(app, 'PUT', '/v1/settings/contact-rules', CONTACT_RULES_OFF);
  });

  describe('POST /v1/policies/{id}/simulate', () => {
    it('decides with the stored draft, reports version 0, and logs nothing', async () => {
      const reply = await send(app, 'POST', '/v1/policies/standard-b2b/simulate', invoiceRequest());
      expect(reply.status).toBe(200);
      expect(reply.body.outcome).toBe('action');
      expect(reply.body.policy).toMatchObject({ id: 'standard-b2b', version: 0 });
      expect(reply.body.dryRun).toBe(true);
      expect(reply.body.explanation.path[0].nodeId).toBe('start');
      const logged = await send(app, 'GET', '/v1/decisions?invoiceId=INV-SIM-1');
      expect(logged.status).toBe(200);
      expect(logged.body.items).toEqual([]);
    });

    it('simulates the graph sent instead of the stored draft', async () => {
      const reply = await send(app, 'POST', '/v1/policies/standard-b2b/simulate', {
        ...invoiceRequest(),
        graph: lettersOnly,
      });
      expect(reply.status).toBe(200);
      expect(reply.body.action).toMatchObject({ type: 'letter', template: 'unsaved-notice', level: 2 });
      expect(reply.body.explanation.path.map((s: { nodeId: string }) => s.nodeId)).toEqual(['start', 'send']);
    });

    it('answers 422 with the diagnostics while the graph has errors', async () => {
      const reply = await send(app, 'POST', '/v1/policies/standard-b2b/simulate', {
        ...invoiceRequest(),
        graph: withErrors,
      });
      expect(reply.status).toBe(422);
      expect(reply.body.error.code).toBe('graph_has_errors');
      expect(reply.body.error.issues).toContainEqual({
        path: 'shoes',
        message: expect.stringContaining('UNKNOWN_FACT'),
      });
    });

    it('answers 404 for an unknown policy and 400 for a policyId in the body', async () => {
      expect((await send(app, 'POST', '/v1/policies/nope/simulate', invoiceRequest())).status).toBe(404);
      const named = await send(app, 'POST', '/v1/policies/standard-b2b/simulate', {
        ...invoiceRequest(),
        policyId: 'x',
      });
      expect(named.status).toBe(400);
      expect(named.body.error.code).toBe('invalid_request');
    });

    it('answers 422 for a request that makes no sense', async () => {
      const reply = await send(app, 'POST', '/v1/policies/standard-b2b/simulate', invoiceRequest('2025-12-01'));
      expect(reply.status).toBe(422);
    });
  });

  describe('POST /v1/policies/{id}/simulate/timeline', () => {
    it('decides every day from issue to +60 and feeds each action back as history', async () => {
      const reply = await send(app, 'POST', '/v1/policies/standard-b2b/simulate/timeline', {
        request: invoiceRequest(),
      });
      expect(reply.status).toBe(200);
      const days = reply.body.days as Array<{
        day: number;
        date: string;
        decision: { outcome: string; reviewAt?: string; action?: { template: string } };
      }>;
      expect(days).toHaveLength(61);
      expect(days[0]).toMatchObject({ day: 0, date: '2026-01-01' });
      expect(days[60]).toMatchObject({ day: 60, date: '2026-03-02' });

      const actions: string[][] = days
        .filter((d) => d.decision.outcome === 'action')
        .map((d) => [d.date, d.decision.action!.template]);
      // Friendly reminder 3 days before due, once; then the first overdue reminder on day 1 past due.
      expect(actions[0]).toEqual(['2026-01-28', 'friendly-reminder']);
      expect(actions[1]).toEqual(['2026-02-01', 'reminder-1']);
      // The reminder was fed back: the next day waits for the due date instead of reminding again.
      expect(days.find((d) => d.date === '2026-01-29')!.decision).toMatchObject({
        outcome: 'wait',
        reviewAt: '2026-02-01',
      });
      // Contacts are spaced: every action is at least 3 days after the one before.
      const dates = actions.map(([date]) => Date.parse(date!));
      dates.slice(1).forEach((d, i) => expect(d - dates[i]!).toBeGreaterThanOrEqual(3 * 86_400_000));
      // From 7 days past due this small, punctual account is in the channel test (email or SMS).
      expect(actions.map(([, template]) => template)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^(reminder-2|sms-reminder)$/)]),
      );
    });

    it('honours days and the graph sent, and logs nothing', async () => {
      const reply = await send(app, 'POST', '/v1/policies/standard-b2b/simulate/timeline', {
        request: invoiceRequest(),
        days: 3,
        graph: lettersOnly,
      });
      expect(reply.status).toBe(200);
      expect(reply.body.days).toHaveLength(4);
      // The graph sent is a single letter, taken once: the days after remember it.
      const [first, ...rest] = reply.body.days;
      expect(first.decision.action).toMatchObject({ template: 'unsaved-notice', step: 'send', occurrence: 1 });
      for (const day of rest) expect(day.decision).toMatchObject({ outcome: 'wait', reason: 'step_done' });
      expect((await send(app, 'GET', '/v1/decisions?invoiceId=INV-SIM-1')).body.items).toEqual([]);
    });

    it('answers 422 for a graph with errors and 400 for too many days', async () => {
      expect(
        (
          await send(app, 'POST', '/v1/policies/standard-b2b/simulate/timeline', {
            request: invoiceRequest(),
            graph: withErrors,
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await send(app, 'POST', '/v1/policies/standard-b2b/simulate/timeline', {
            request: invoiceRequest(),
            days: 5000,
          })
        ).status,
      ).toBe(400);
    });
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = await send(app, 'GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/policies/{id}/simulate', '/v1/policies/{id}/simulate/timeline']),
    );
  });
});
