/**
 * Runs and the outbox through the API: a run decides the due invoices of a day, writes each
 * action once with its signed deliveries, a rerun contacts nobody twice, a failing receiver gets
 * retries then dead letters, which can be replayed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { InProcessQueue } from '../runs/queue';
import { MAX_ATTEMPTS } from '../outbox/dispatcher';
import { expectClientError, get, post, type App, type Json } from '../../test-support/api';
import { startReceiver, type Receiver } from '../../test-support/receiver';

const account = (id: string) => ({
  id,
  country: 'GB',
  timeZone: 'Europe/London',
  emailAllowed: true,
  smsAllowed: true,
  callAllowed: true,
});
const invoice = (id: string, accountId: string, dueDate: string, amount = 1000) => ({
  invoiceId: id,
  accountId,
  issueDate: '2026-03-01',
  dueDate,
  amount,
  currency: 'GBP',
  settledDate: null,
  disputed: null,
});

describeEachStore('runs and the outbox', (store) => {
  let engine: Engine;
  let app: App;
  let receiver: Receiver;
  const queue = new InProcessQueue();

  /** Starts a run and waits for it to finish. */
  async function runOn(asOf: string, extra: Record<string, unknown> = {}): Promise<Json> {
    const started = await post(app, '/v1/runs', { asOf, ...extra });
    expect(started.status, started.text).toBe(202);
    await queue.idle();
    const run = await get(app, `/v1/runs/${started.body.runId}`);
    expect(run.body.status).toBe('done');
    return run.body;
  }

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, { runQueue: queue, runChunkSize: 2 });
    app = engine.app;
    receiver = await startReceiver();
    const hook = await post(app, '/v1/webhooks', { url: receiver.url, events: ['action.decided'] });
    expect(hook.status, hook.text).toBe(201);
    receiver.secret = hook.body.secret;
    await post(app, '/v1/ledger/accounts', { accounts: ['A1', 'A2', 'A3'].map(account) });
    await post(app, '/v1/ledger/invoices', {
      invoices: [
        invoice('I-1', 'A1', '2026-03-31'),
        invoice('I-2', 'A2', '2026-03-31'),
        invoice('I-3', 'A3', '2026-04-20'),
        invoice('I-4', 'A3', '2026-03-31', 500),
        { ...invoice('I-5', 'A3', '2026-03-31'), settledDate: '2026-03-25' },
      ],
    });
  });
  afterAll(() => receiver.close());

  it('decides the open invoices due for review, once each, and counts them', async () => {
    const run = await runOn('2026-04-01');
    // I-5 was paid before the day: 4 open invoices in 2 chunks of 2.
    expect(run).toMatchObject({ invoices: 4, chunks: 2, chunksDone: 2, dryRun: false, trigger: 'api' });
    expect(Object.values(run.outcomes).reduce((a: number, b) => a + (b as number), 0)).toBe(4);
    expect(run.errors.count).toBe(0);
    // One day past due: the first overdue reminder to I-1, I-2, I-4; I-3 is not due for weeks.
    expect(run.outcomes).toEqual({ action: 3, wait: 1 });
    const logged = (await get(app, '/v1/decisions?invoiceId=I-1')).body.items;
    expect(logged).toHaveLength(1);
    expect(logged[0].decision.nextReviewAt).toBe('2026-04-07');
  });

  it('delivers each action, signed, inside the send window, and marks it sent', async () => {
    // Nothing goes out before 08:00 London time (07:00 UTC in April).
    expect(await engine.dispatcher.dispatchDue(new Date('2026-04-01T06:30:00Z'))).toEqual({
      sent: 0,
      retried: 0,
      dead: 0,
    });
    receiver.now = () => new Date('2026-04-01T07:05:00Z');
    expect(await engine.dispatcher.dispatchDue(new Date('2026-04-01T07:05:00Z'))).toEqual({
      sent: 3,
      retried: 0,
      dead: 0,
    });
    expect(receiver.badSignatures).toBe(0);
    const invoices = receiver.accepted.map((r) => r.payload.data.invoiceId).sort();
    expect(invoices).toEqual(['I-1', 'I-2', 'I-4']);
    const first = receiver.accepted[0]!.payload;
    expect(first).toMatchObject({
      event: 'action.decided',
      data: { step: 'email-1', occurrence: 1, type: 'email', sendAt: '2026-04-01T07:00:00.000Z' },
    });
    const action = await get(app, `/v1/actions/${first.data.actionId}`);
    expect(action.body).toMatchObject({ status: 'sent', step: 'email-1', decidedOn: '2026-04-01' });
    const reported = await post(app, `/v1/actions/${first.data.actionId}/status`, { status: 'delivered' });
    expect(reported.body.status).toBe('delivered');
  });

  it('contacts nobody twice: a second run the same day finds nothing due', async () => {
    const again = await runOn('2026-04-01');
    expect(again.outcomes).toEqual({});
    expect(await engine.dispatcher.dispatchDue(new Date('2026-04-01T08:00:00Z'))).toEqual({
      sent: 0,
      retried: 0,
      dead: 0,
    });
    // The next day the reminders are remembered: nothing due until the 7-day stage.
    const nextDay = await runOn('2026-04-02');
    expect(nextDay.outcomes).toEqual({});
  });

  it('looks again at an invoice whose ledger changed, whatever its review date said', async () => {
    await post(app, '/v1/ledger/promises', {
      promises: [{ id: 'PR-1', invoiceId: 'I-2', madeOn: '2026-04-02', promisedDate: '2026-04-10' }],
    });
    const run = await runOn('2026-04-03');
    expect(run.outcomes).toEqual({ stop: 1 });
    const logged = (await get(app, '/v1/decisions?invoiceId=I-2')).body.items;
    expect(logged[0].decision).toMatchObject({ outcome: 'stop', reason: 'promise_active', nextReviewAt: '2026-04-11' });
  });

  it('retries a failing receiver with backoff, then dead-letters, and replays on request', async () => {
    receiver.failWith = 500;
    // The 7-day stage: calls or SMS/email to I-1 and I-4 (I-2 has its promise).
    const run = await runOn('2026-04-07');
    expect(run.outcomes.action).toBe(2);
    let now = new Date('2026-04-07T08:00:00Z');
    let retried = 0;
    let dead = 0;
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      const report = await engine.dispatcher.dispatchDue(now);
      retried += report.retried;
      dead += report.dead;
      now = new Date(now.getTime() + 3_600_000);
    }
    expect(dead).toBe(2);
    expect(retried).toBe(2 * (MAX_ATTEMPTS - 1));
    const deadLetters = (await get(app, '/v1/outbox?status=dead')).body;
    expect(deadLetters.items).toHaveLength(2);
    expect(deadLetters.items[0]).toMatchObject({
      status: 'dead',
      attempts: MAX_ATTEMPTS,
      lastError: 'the receiver answered 500',
    });

    receiver.failWith = undefined;
    const accepted = receiver.accepted.length;
    for (const item of deadLetters.items) {
      const replayed = await post(app, `/v1/outbox/${item.id}/replay`);
      expect(replayed.body).toMatchObject({ status: 'pending', attempts: 0 });
    }
    receiver.now = () => new Date();
    expect((await engine.dispatcher.dispatchDue(new Date())).sent).toBe(2);
    expect(receiver.accepted.length).toBe(accepted + 2);
    expect(receiver.duplicates).toBe(0);
  });

  it('refuses bad input with 4xx in the error shape, writing nothing', async () => {
    expectClientError(
      await post(app, '/v1/webhooks', { url: 'ftp://example.com/x', events: ['action.decided'] }),
      400,
      'invalid_request',
    );
    expectClientError(
      await post(app, '/v1/webhooks', { url: 'not a url', events: ['action.decided'] }),
      400,
      'invalid_request',
    );
    expectClientError(
      await post(app, '/v1/webhooks', { url: receiver.url, events: ['nothing'] }),
      400,
      'invalid_request',
    );
    expect((await get(app, '/v1/webhooks')).body.items).toHaveLength(1);
    expect((await get(app, '/v1/webhooks')).body.items[0]).not.toHaveProperty('secret');
    expectClientError(await get(app, '/v1/runs/nope'), 404, 'run_not_found');
    expectClientError(await post(app, '/v1/runs', { asOf: '2026-02-30' }), 400, 'invalid_request');
    expectClientError(await post(app, '/v1/runs', { policyId: 'nope' }), 404, 'policy_not_found');
    expectClientError(await post(app, '/v1/actions/nope/status', { status: 'delivered' }), 404, 'action_not_found');
    expectClientError(await post(app, '/v1/actions/nope/status', { status: 'lost' }), 400, 'invalid_request');
    expectClientError(await post(app, '/v1/outbox/nope/replay'), 404, 'delivery_not_found');
    const sent = (await get(app, '/v1/outbox?status=sent&limit=1')).body.items[0];
    expectClientError(await post(app, `/v1/outbox/${sent.id}/replay`), 409, 'delivery_not_dead');
    expectClientError(await get(app, '/v1/outbox?status=lost'), 400, 'invalid_request');
  });

  it('counts a dry run without logging, acting or sending', async () => {
    const run = await runOn('2026-05-20', { dryRun: true });
    expect(run.dryRun).toBe(true);
    expect(Object.values(run.outcomes).reduce((a: number, b) => a + (b as number), 0)).toBeGreaterThan(0);
    expect((await get(app, '/v1/decisions?from=2026-05-20')).body.items).toHaveLength(0);
  });

  it('tells an invoice\u2019s story in order, each payment credited to the action it answers', async () => {
    await post(app, '/v1/ledger/payments', {
      payments: [{ id: 'PAY-1', invoiceId: 'I-1', amount: 1000, paidOn: '2026-04-10' }],
    });
    const reply = await get(app, '/v1/invoices/I-1/timeline');
    expect(reply.status, reply.text).toBe(200);
    const events: Json[] = reply.body.events;
    const kinds = events.map((e) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(['issued', 'due']);
    expect(kinds).toEqual(expect.arrayContaining(['decision', 'action', 'delivery', 'payment']));
    const days = events.map((e) => e.at.slice(0, 10));
    expect(days).toEqual([...days].sort());
    const payment = events.find((e) => e.kind === 'payment');
    const lastAction = events.filter((e) => e.kind === 'action' && e.at < '2026-04-10').at(-1);
    expect(payment.details.attributedTo).toMatchObject({ actionId: lastAction.id, daysAfter: 3 });
    expect(payment.summary).toContain('3 days after');
    expectClientError(await get(app, '/v1/invoices/NOPE/timeline'), 404, 'invoice_not_found');
  });
});
