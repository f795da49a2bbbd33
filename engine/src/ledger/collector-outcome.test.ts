/**
 * Outcomes recorded from the worklist: each writes its ledger record, marks the decided call as
 * taken and decides the invoice again with the sample policy, so the invoice leaves the worklist
 * when the policy no longer needs a person; client mistakes are 4xx in the error shape.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../app';
import { InProcessQueue } from '../runs/queue';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { call, expectClientError, get, type Json } from '../../test-support/api';

const DAY = '2026-03-16'; // a Monday
const invoice = (invoiceId: string, amount: number) => ({
  invoiceId,
  accountId: `ACC-${invoiceId}`,
  issueDate: '2026-02-01',
  dueDate: '2026-03-03',
  amount,
  currency: 'EUR',
  settledDate: null,
  disputed: null,
});
const IDS = ['PROMISE', 'DISPUTE', 'PAID', 'PART', 'NOANSWER', 'SMALL'];

describeEachStore('worklist outcomes', (store) => {
  let engine: Engine;
  const queue = new InProcessQueue();
  const record = (invoiceId: string, body: unknown) =>
    call(engine.app, 'POST', `/v1/worklist/${invoiceId}/outcomes`, body);
  const actionsOf = async (invoiceId: string) => {
    const events = (await get(engine.app, `/v1/invoices/${invoiceId}/timeline`)).body.events as Json[];
    return Promise.all(
      events
        .filter((e) => e.kind === 'action')
        .map(async (e) => {
          const { id, step, status } = (await get(engine.app, `/v1/actions/${e.id}`)).body;
          return { id, step, status };
        }),
    );
  };
  const onWorklist = async () =>
    ((await get(engine.app, `/v1/worklist?asOf=${DAY}`)).body.items as Json[]).map((i) => i.invoiceId).sort();

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, { runQueue: queue });
    const accounts = await call(engine.app, 'POST', '/v1/ledger/accounts', {
      accounts: IDS.map((id) => ({ id: `ACC-${id}`, country: 'DE', emailAllowed: true, callAllowed: true })),
    });
    expect(accounts.status, accounts.text).toBe(200);
    const ledger = await call(engine.app, 'POST', '/v1/ledger/invoices', {
      invoices: [...IDS.filter((id) => id !== 'SMALL').map((id) => invoice(id, 20_000)), invoice('SMALL', 500)],
    });
    expect(ledger.status, ledger.text).toBe(200);
    // A run on a Monday 13 days past due: the sample policy calls about 20,000 and emails about 500.
    const started = await call(engine.app, 'POST', '/v1/runs', { asOf: DAY });
    expect(started.status, started.text).toBe(202);
    await queue.idle();
    const types = await Promise.all(
      IDS.map(
        async (id) => (await get(engine.app, `/v1/decisions?invoiceId=${id}`)).body.items[0]?.decision.action?.type,
      ),
    );
    expect(types).toEqual(IDS.map((id) => (id === 'SMALL' ? 'email' : 'call')));
  });
  afterAll(() => engine.close());

  it('lists the called invoices, then takes each off as its outcome is recorded', async () => {
    expect(await onWorklist()).toEqual(['DISPUTE', 'NOANSWER', 'PAID', 'PART', 'PROMISE']);

    const promise = await record('PROMISE', { kind: 'promise', on: DAY, promisedDate: '2026-03-25', amount: 20_000 });
    expect(promise.status, promise.text).toBe(200);
    expect(promise.body).toMatchObject({
      kind: 'promise',
      on: DAY,
      stepTaken: { step: 'call', occurrence: 1, status: 'delivered' },
      decision: { outcome: 'stop', reason: 'promise_active' },
    });
    // The call the run logged is the one marked reached, not a second one.
    const logged = await actionsOf('PROMISE');
    expect(logged).toEqual([{ id: promise.body.stepTaken.actionId, step: 'call', status: 'delivered' }]);

    const dispute = await record('DISPUTE', { kind: 'dispute', on: DAY, reason: 'Goods damaged' });
    expect(dispute.body).toMatchObject({ decision: { outcome: 'stop', reason: 'disputed' } });

    const paid = await record('PAID', { kind: 'paid', on: DAY });
    expect(paid.body).toMatchObject({ decision: { outcome: 'stop', reason: 'paid' } });

    const part = await record('PART', { kind: 'paid', on: DAY, amount: 15_000 });
    expect(part.status, part.text).toBe(200);
    // 5,000 left: no longer large, and the call is done, so a reminder follows instead.
    const paidInFull = part.body.decision.explanation.path.find((p: Json) => p.nodeId === 'paid');
    expect(paidInFull.conditions[0].factValue).toBe(5_000);
    expect(['email', 'sms']).toContain(part.body.decision.action?.type);

    const noAnswer = await record('NOANSWER', { kind: 'no_answer', on: DAY });
    expect(noAnswer.status, noAnswer.text).toBe(200);
    expect(noAnswer.body).toMatchObject({ recordId: null, stepTaken: { step: 'call', status: 'unanswered' } });
    // The call was made: once per invoice in the sample policy, so it is not decided again.
    expect(noAnswer.body.decision.action?.step).not.toBe('call');
    expect(await actionsOf('NOANSWER')).toEqual([
      { id: noAnswer.body.stepTaken.actionId, step: 'call', status: 'unanswered' },
    ]);

    expect(await onWorklist()).toEqual([]);
  });

  it('writes the ledger records the timeline shows', async () => {
    const kinds = async (id: string) =>
      ((await get(engine.app, `/v1/invoices/${id}/timeline`)).body.events as Json[]).map((e) => e.kind);
    expect(await kinds('PROMISE')).toEqual(expect.arrayContaining(['promise_made', 'promise_due', 'action']));
    expect(await kinds('DISPUTE')).toContain('dispute_opened');
    const paid = (await get(engine.app, '/v1/invoices/PART/timeline')).body.events as Json[];
    expect(paid.find((e) => e.kind === 'payment')).toMatchObject({ at: DAY, details: { amount: 15_000 } });
  });

  it('answers mistakes with 4xx in the error shape', async () => {
    expectClientError(await record('NOPE', { kind: 'no_answer', on: DAY }), 404, 'invoice_not_found');
    expectClientError(await record('PAID', { kind: 'dispute', on: DAY, reason: 'late' }), 409, 'invoice_settled');
    expectClientError(await record('SMALL', { kind: 'no_answer', on: DAY }), 409, 'no_collector_step');
    expectClientError(
      await record('SMALL', { kind: 'promise', on: DAY, promisedDate: '2026-03-01' }),
      422,
      'unprocessable_request',
    );
    expectClientError(await record('SMALL', { kind: 'paid', on: DAY, amount: 501 }), 422, 'unprocessable_request');
    expectClientError(await record('SMALL', { kind: 'paid', on: '2026-01-01' }), 422, 'unprocessable_request');
    expectClientError(await record('SMALL', { kind: 'paid', on: '2999-01-01' }), 422, 'unprocessable_request');
    expectClientError(await record('SMALL', { kind: 'called' }), 400, 'invalid_request');
    expectClientError(await record('SMALL', { kind: 'dispute', reason: '   ' }), 400, 'invalid_request');
    // Nothing of the refused outcomes reached the ledger.
    const events = (await get(engine.app, '/v1/invoices/SMALL/timeline')).body.events as Json[];
    expect(events.map((e) => e.kind)).toEqual(['issued', 'due', 'decision', 'action']);
  });
});
