/**
 * Experiment results on a small fixed ledger, checked against hand-computed figures: a policy
 * splits accounts between an email and a no-contact holdout; a run decides every invoice on one
 * Monday; the emailed accounts pay one invoice 3 days later and the other 10 days later, the
 * holdout's pay one invoice after 20 days and never the other. Also: the list of experiments,
 * and mistakes as 4xx in the error shape.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../app';
import { addDays } from '../features/days';
import { splitBucket } from '../policy';
import { InProcessQueue } from '../runs/queue';
import { describeEachStore } from '../store/testing';
import { call, expectClientError, get, type Json } from '../../test-support/api';
import { actionNode, edge, startNode, stopNode } from '../../test-support/policies';

const POLICY = 'holdout-test';
const SPLIT = 'contact-or-not';
const DAY = '2026-03-16'; // a Monday
const AS_OF = addDays(DAY, 40);

/** Three accounts for each arm (contact: bucket < 50), found by their buckets. */
function accountsByArm(): { contact: string[]; holdout: string[] } {
  const out = { contact: [] as string[], holdout: [] as string[] };
  for (let i = 0; out.contact.length < 3 || out.holdout.length < 3; i++) {
    const id = `ACC-${i}`;
    const arm = splitBucket(id, SPLIT) < 50 ? out.contact : out.holdout;
    if (arm.length < 3) arm.push(id);
  }
  return out;
}

describeEachStore('experiments', (store) => {
  let engine: Engine;
  const queue = new InProcessQueue();
  const arms = accountsByArm();
  const report = (query = '') => get(engine.app, `/v1/experiments/${POLICY}/${SPLIT}?asOf=${AS_OF}${query}`);

  beforeAll(async () => {
    engine = createEngine(store.database, { runQueue: queue });
    const graph = {
      nodes: [
        startNode(),
        {
          id: SPLIT,
          kind: 'split',
          label: 'Contact or not',
          arms: [
            { id: 'contact', label: 'Email', weight: 50 },
            { id: 'holdout', label: 'Nobody', weight: 50 },
          ],
        },
        actionNode('email', { type: 'email' }),
        stopNode('hold', 'holdout'),
      ],
      edges: [
        edge('e1', 'start', 'next', SPLIT),
        edge('e2', SPLIT, 'contact', 'email'),
        edge('e3', SPLIT, 'holdout', 'hold'),
      ],
    };
    const created = await call(engine.app, 'POST', '/v1/policies', { id: POLICY, name: 'Holdout test', graph });
    expect(created.status, created.text).toBe(201);
    const published = await call(engine.app, 'POST', `/v1/policies/${POLICY}/versions`, { note: 'v1' });
    expect(published.status, published.text).toBe(201);
    await call(engine.app, 'PUT', '/v1/settings/default-policy', { policyId: POLICY });
    const accounts = [...arms.contact, ...arms.holdout];
    await call(engine.app, 'POST', '/v1/ledger/accounts', {
      accounts: accounts.map((id) => ({ id, country: 'DE', emailAllowed: true })),
    });
    await call(engine.app, 'POST', '/v1/ledger/invoices', {
      invoices: accounts.flatMap((accountId) =>
        ['A', 'B'].map((k) => ({
          invoiceId: `${accountId}-${k}`,
          accountId,
          issueDate: '2026-03-01',
          dueDate: '2026-03-31',
          amount: 100,
          currency: 'EUR',
          settledDate: null,
          disputed: null,
        })),
      ),
    });
    expect((await call(engine.app, 'POST', '/v1/runs', { asOf: DAY })).status).toBe(202);
    await queue.idle();
    const paid = (invoiceId: string, days: number) => ({
      id: `P-${invoiceId}`,
      invoiceId,
      amount: 100,
      paidOn: addDays(DAY, days),
    });
    const payments = await call(engine.app, 'POST', '/v1/ledger/payments', {
      payments: [
        ...arms.contact.flatMap((a) => [paid(`${a}-A`, 3), paid(`${a}-B`, 10)]),
        ...arms.holdout.map((a) => paid(`${a}-A`, 20)),
      ],
    });
    expect(payments.status, payments.text).toBe(200);
  });
  afterAll(() => engine.close());

  it('measures each arm as computed by hand', async () => {
    const reply = await report();
    expect(reply.status, reply.text).toBe(200);
    const [contact, holdout] = reply.body.arms as Json[];
    expect(contact).toMatchObject({
      armId: 'contact',
      champion: true,
      holdout: false,
      invoices: 6,
      paidWithin7: { share: 0.5, paid: 3, eligible: 6 },
      paidWithin30: { share: 1, paid: 6, eligible: 6 },
      daysToPay: { settled: 6, mean: 6.5, median: 6.5 },
      cashCollected: { total: 600, perInvoice: 100 },
      contactsPerInvoice: 1,
      versusChampion: null,
    });
    expect(holdout).toMatchObject({
      armId: 'holdout',
      champion: false,
      holdout: true,
      invoices: 6,
      paidWithin7: { share: 0, paid: 0, eligible: 6 },
      paidWithin30: { share: 0.5, paid: 3, eligible: 6 },
      daysToPay: { settled: 3, mean: 20, median: 20 },
      cashCollected: { total: 300, perInvoice: 50 },
      contactsPerInvoice: 0,
    });
    // Every account of an arm behaves alike, so the intervals close on the difference.
    expect(holdout.versusChampion).toEqual({
      paidWithin7: { difference: -0.5, low: -0.5, high: -0.5 },
      paidWithin30: { difference: -0.5, low: -0.5, high: -0.5 },
      daysToPay: { difference: 13.5, low: 13.5, high: 13.5 },
      cashPerInvoice: { difference: -50, low: -50, high: -50 },
      contactsPerInvoice: { difference: -1, low: -1, high: -1 },
    });
    expect(reply.body.uplift).toEqual([
      {
        armId: 'contact',
        paidWithin30: { difference: 0.5, low: 0.5, high: 0.5 },
        cashPerInvoice: { difference: 50, low: 50, high: 50 },
      },
    ]);
  });

  it('counts only what was known by asOf, and entries in the range asked', async () => {
    const early = (await get(engine.app, `/v1/experiments/${POLICY}/${SPLIT}?asOf=${addDays(DAY, 8)}`)).body;
    expect(early.arms[0]).toMatchObject({ paidWithin7: { eligible: 6, paid: 3 }, paidWithin30: { eligible: 0 } });
    expect(early.arms[1].cashCollected.total).toBe(0);
    expect((await report(`&from=${addDays(DAY, 1)}`)).body.arms[0].invoices).toBe(0);
  });

  it('lists the experiments decisions went through', async () => {
    const { items } = (await get(engine.app, '/v1/experiments')).body;
    expect(items).toEqual([
      {
        policyId: POLICY,
        splitNodeId: SPLIT,
        label: 'Contact or not',
        arms: [
          { armId: 'contact', label: 'Email', weight: 50 },
          { armId: 'holdout', label: 'Nobody', weight: 50 },
        ],
        invoices: 12,
        firstEntry: DAY,
        lastEntry: DAY,
      },
    ]);
  });

  it('promotes the winner into the draft, and publishes nothing', async () => {
    const promote = (arm: string) => call(engine.app, 'POST', `/v1/experiments/${POLICY}/${SPLIT}/promote`, { arm });
    expectClientError(await promote('nope'), 422, 'unprocessable_request');
    const promoted = await promote('contact');
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.body.graph.nodes.map((n: Json) => n.id)).toEqual(['start', 'email']);
    expect(promoted.body.graph.edges).toEqual([{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'email' }]);
    const policy = (await get(engine.app, `/v1/policies/${POLICY}`)).body;
    expect(policy).toMatchObject({ activeVersion: 1, draft: { revision: promoted.body.revision } });
    // The draft has no split node left to promote; the experiment still reads from version 1.
    expectClientError(await promote('contact'), 422, 'unprocessable_request');
    expect((await report()).status).toBe(200);
  });

  it('answers mistakes with 4xx in the error shape', async () => {
    expectClientError(await get(engine.app, `/v1/experiments/${POLICY}/nope`), 404, 'split_node_not_found');
    expectClientError(await get(engine.app, `/v1/experiments/nope/${SPLIT}`), 404, 'policy_not_found');
    expectClientError(await report(`&from=${AS_OF}&to=${DAY}`), 400, 'invalid_request');
    expectClientError(await report('&from=March'), 400, 'invalid_request');
  });
});
