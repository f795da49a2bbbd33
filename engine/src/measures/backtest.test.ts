/**
 * Backtests on a small ledger decided by a run with the sample policy: a version against itself
 * differs nowhere; a draft that calls from 1,000 instead of 10,000 differs on the one invoice of
 * 5,000, with both explanations, one call more and its cost; mistakes are 4xx in the error shape.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../app';
import { InProcessQueue } from '../runs/queue';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { call, expectClientError, get, put, type Json } from '../../test-support/api';

const DAY = '2026-03-16'; // a Monday, 13 days after the invoices fell due
const AMOUNTS = { SMALL: 500, MID: 5_000, LARGE: 20_000 };
const POLICY = 'standard-b2b';

describeEachStore('backtests', (store) => {
  let engine: Engine;
  const queue = new InProcessQueue();
  const start = (body: unknown, policy = POLICY) => call(engine.app, 'POST', `/v1/policies/${policy}/backtests`, body);
  /** Starts a backtest, waits for it, and returns it done. */
  const backtest = async (body: unknown): Promise<Json> => {
    const started = await start(body);
    expect(started.status, started.text).toBe(202);
    expect(started.headers.get('location')).toBe(`/v1/policies/${POLICY}/backtests/${started.body.id}`);
    await engine.backtests.idle();
    const done = await get(engine.app, started.headers.get('location')!);
    expect(done.body.status, done.text).toBe('done');
    return done.body;
  };

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, { runQueue: queue });
    const ids = Object.keys(AMOUNTS);
    await call(engine.app, 'POST', '/v1/ledger/accounts', {
      accounts: ids.map((id) => ({
        id: `ACC-${id}`,
        country: 'DE',
        emailAllowed: true,
        smsAllowed: true,
        callAllowed: true,
      })),
    });
    const ledger = await call(engine.app, 'POST', '/v1/ledger/invoices', {
      invoices: Object.entries(AMOUNTS).map(([id, amount]) => ({
        invoiceId: id,
        accountId: `ACC-${id}`,
        issueDate: '2026-02-01',
        dueDate: '2026-03-03',
        amount,
        currency: 'EUR',
        settledDate: null,
        disputed: null,
      })),
    });
    expect(ledger.status, ledger.text).toBe(200);
    expect((await call(engine.app, 'POST', '/v1/runs', { asOf: DAY })).status).toBe(202);
    await queue.idle();
    await put(engine.app, '/v1/settings/contact-costs', {
      currency: 'EUR',
      perAction: { email: 0.5, sms: 0.5, call: 4 },
    });
  });
  afterAll(() => engine.close());

  it('finds no difference between a version and itself', async () => {
    const done = await backtest({ candidate: 1, baseline: 1, from: DAY, to: DAY });
    const { result } = done;
    expect(done.progress).toEqual({ done: 3, total: 3 });
    expect(result).toMatchObject({ decisions: 3, invoices: 3, costCurrency: 'EUR' });
    expect(result.differing).toEqual({ count: 0, invoices: 0, items: [] });
    const { label: _c, ...candidate } = result.candidate;
    const { label: _b, ...baseline } = result.baseline;
    expect(candidate).toEqual(baseline);
    expect(result.candidate).toMatchObject({ label: 'v1', outcomes: { action: 3, wait: 0, stop: 0 }, contacts: 3 });
    // One call (4) and two reminders (0.5 each).
    expect(result.candidate.contactCost).toBe(5);
    expect(result.candidate.actionMix).toEqual([{ week: DAY, counts: expect.objectContaining({ call: 1 }) }]);
  });

  it('shows what a draft would change, with both explanations', async () => {
    const policy = (await get(engine.app, `/v1/policies/${POLICY}`)).body;
    const graph = structuredClone(policy.draft.graph);
    const bigOrLate = graph.nodes.find((n: Json) => n.id === 'big-or-late');
    bigOrLate.predicate.any[0].value = 1_000;
    const saved = await call(
      engine.app,
      'PUT',
      `/v1/policies/${POLICY}/draft`,
      { graph },
      {
        'if-match': `"${policy.draft.revision}"`,
      },
    );
    expect(saved.status, saved.text).toBe(200);

    const { result } = await backtest({ candidate: 'draft', baseline: 1, from: DAY, to: DAY });
    expect(result.candidate.label).toBe('draft');
    expect(result.differing).toMatchObject({ count: 1, invoices: 1 });
    const [difference] = result.differing.items;
    expect(difference).toMatchObject({
      invoiceId: 'MID',
      candidate: { outcome: 'action', action: { type: 'call' }, terminal: 'call' },
      baseline: { outcome: 'action' },
    });
    expect(['email', 'sms']).toContain(difference.baseline.action.type);
    const threshold = (side: Json) =>
      side.path.find((p: Json) => p.nodeId === 'big-or-late').conditions.find((c: Json) => c.fact === 'openAmount');
    expect(threshold(difference.candidate)).toMatchObject({ value: 1_000, factValue: 5_000, result: true });
    expect(threshold(difference.baseline)).toMatchObject({ value: 10_000, factValue: 5_000, result: false });
    expect(result.candidate.contactCost - result.baseline.contactCost).toBe(3.5);
    expect(result.candidate.actionMix[0].counts.call).toBe(2);
  });

  it('answers mistakes with 4xx in the error shape', async () => {
    expectClientError(await start({ candidate: 1, baseline: 1, from: DAY, to: '2026-03-01' }), 400, 'invalid_request');
    expectClientError(await start({ candidate: 1, baseline: 1, from: DAY, to: DAY }, 'nope'), 404, 'policy_not_found');
    expectClientError(await start({ candidate: 7, baseline: 1, from: DAY, to: DAY }), 404, 'version_not_found');
    const beyond = await start({ candidate: 1, baseline: 1, from: '2026-01-01', to: DAY });
    expectClientError(beyond, 422, 'unprocessable_request');
    expect(beyond.body.error.message).toContain(`holds ${DAY} to ${DAY}`);
    expectClientError(await start({ candidate: 'latest', baseline: 1, from: DAY, to: DAY }), 400, 'invalid_request');
    expectClientError(await get(engine.app, `/v1/policies/${POLICY}/backtests/nope`), 404, 'backtest_not_found');
  });
});
