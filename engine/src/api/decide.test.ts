import { beforeAll, expect, it } from 'vitest';

import { createApp } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { get, loggedFor, post, sampleRequest, type App, type Json } from '../../test-support/api';

describeEachStore('decide API: idempotency, dry runs and batches', (store) => {
  let app: App;
  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    app = createApp(store.database);
  });

  it('decides one invoice with the default policy', async () => {
    // One day past due, nothing sent yet: the first overdue reminder.
    const reply = await post(app, '/v1/decide', sampleRequest({ invoiceId: 'ONE', asOf: '2026-04-01T09:00:00Z' }));
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({
      decisionId: expect.any(String),
      invoiceId: 'ONE',
      accountId: 'ACME',
      asOf: '2026-04-01T09:00:00.000Z',
      outcome: 'action',
      action: { type: 'email', template: 'reminder-1', level: 1, priority: 'normal' },
      policy: { id: 'standard-b2b', version: 1, contentHash: expect.stringMatching(/^sha256:/) },
      dryRun: false,
      explanation: { terminal: 'email-1', overrides: [] },
    });
    expect(await loggedFor(app, 'ONE')).toHaveLength(1);
  });

  it('returns the same decision for the same Idempotency-Key and body, logged once', async () => {
    const request = sampleRequest({ invoiceId: 'IDEM', asOf: '2026-04-01' });
    const headers = { 'Idempotency-Key': 'idem-1' };
    const first = await post(app, '/v1/decide', request, headers);
    const second = await post(app, '/v1/decide', request, headers);
    expect(first.status, first.text).toBe(200);
    expect(second.status, second.text).toBe(200);
    expect(second.body).toEqual(first.body);

    const logged = await loggedFor(app, 'IDEM');
    expect(logged.map((l: Json) => l.decision.decisionId)).toEqual([first.body.decisionId]);

    // Without a key the same body is a new decision.
    const third = await post(app, '/v1/decide', request);
    expect(third.body.decisionId).not.toBe(first.body.decisionId);
    expect(await loggedFor(app, 'IDEM')).toHaveLength(2);
  });

  it('decides a dry run without logging it, and ignores its Idempotency-Key', async () => {
    const request = { ...sampleRequest({ invoiceId: 'DRY', asOf: '2026-04-01' }), dryRun: true };
    const dry = await post(app, '/v1/decide', request, { 'Idempotency-Key': 'dry-key' });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, outcome: 'action', action: { template: 'reminder-1' } });
    expect(await loggedFor(app, 'DRY')).toEqual([]);
    expect((await get(app, `/v1/decisions/${dry.body.decisionId}`)).status).toBe(404);

    // The key was not taken by the dry run: a real request may use it with its own body.
    const real = await post(app, '/v1/decide', { ...request, dryRun: false }, { 'Idempotency-Key': 'dry-key' });
    expect(real.status, real.text).toBe(200);
    expect(real.body.dryRun).toBe(false);
    expect((await loggedFor(app, 'DRY')).map((l: Json) => l.decision.decisionId)).toEqual([real.body.decisionId]);
  });

  it('decides a batch item by item: results in order, bad items get their own error, good ones are logged', async () => {
    const mistyped: Json = sampleRequest({ invoiceId: 'B-2' });
    mistyped.invoice.amount = 'a lot';
    const nonsense: Json = sampleRequest({ invoiceId: 'B-3' });
    nonsense.invoice.dueDate = '2026-01-01';
    const items = [
      sampleRequest({ invoiceId: 'B-1', asOf: '2026-03-20' }),
      mistyped,
      nonsense,
      { ...sampleRequest({ invoiceId: 'B-4' }), policyId: 'no-such-policy' },
      sampleRequest({ invoiceId: 'B-5', asOf: '2026-05-16' }),
      { ...sampleRequest({ invoiceId: 'B-6' }), dryRun: true },
    ];
    const reply = await post(app, '/v1/decide/batch', { items });
    expect(reply.status, reply.text).toBe(200);
    const { results } = reply.body;
    expect(results).toHaveLength(6);
    expect(results.map((r: Json) => r.ok)).toEqual([true, false, false, false, true, true]);

    expect(results[0].decision).toMatchObject({ invoiceId: 'B-1', outcome: 'wait', reviewAt: '2026-03-28' });
    expect(results[1].error).toEqual({
      code: 'invalid_request',
      message: expect.any(String),
      issues: [{ path: 'invoice.amount', message: expect.any(String) }],
    });
    expect(results[2].error).toMatchObject({ code: 'unprocessable_request', issues: [{ path: 'invoice.dueDate' }] });
    expect(results[3].error).toMatchObject({ code: 'policy_not_found', issues: [] });
    expect(results[4].decision).toMatchObject({
      invoiceId: 'B-5',
      outcome: 'action',
      action: { type: 'escalate', target: 'collector' },
    });
    expect(results[5].decision).toMatchObject({ invoiceId: 'B-6', dryRun: true });

    for (const [invoiceId, count] of [
      ['B-1', 1],
      ['B-2', 0],
      ['B-3', 0],
      ['B-4', 0],
      ['B-5', 1],
      ['B-6', 0],
    ] as const) {
      expect(await loggedFor(app, invoiceId), invoiceId).toHaveLength(count);
    }
    const [b1] = await loggedFor(app, 'B-1');
    expect(b1.decision.decisionId).toBe(results[0].decision.decisionId);
  });

  it('answers an empty batch with no results', async () => {
    const reply = await post(app, '/v1/decide/batch', { items: [] });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ results: [] });
  });
});
