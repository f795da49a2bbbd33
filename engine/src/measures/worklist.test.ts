/**
 * The worklist: open invoices whose latest decision is a collector's action, or whose late
 * probability reaches the threshold, ranked by open amount (in the reporting currency) × late
 * probability; an earlier decision, a paid invoice or a later-dated decision does not count.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../app';
import { insertDecisions } from '../store';
import { describeEachStore } from '../store/testing';
import { call, expectClientError, get, put, type Json } from '../../test-support/api';
import { decision } from '../../test-support/decisions';

const invoice = (invoiceId: string, accountId: string, amount: number, currency = 'EUR') => ({
  invoiceId,
  accountId,
  issueDate: '2026-02-01',
  dueDate: '2026-03-03',
  amount,
  currency,
  settledDate: null,
  disputed: null,
});

/** A logged decision of `invoiceId` on `day`, with an action (or none) and a late probability (or none). */
const decided = (invoiceId: string, day: string, action: string | null, lateProbability?: number) =>
  decision({
    invoiceId,
    accountId: invoiceId.startsWith('A') ? 'ACME' : 'GLOBEX',
    asOf: new Date(`${day}T09:00:00Z`),
    outcome: action ? 'action' : 'wait',
    response: {
      decisionId: `${invoiceId}-${day}`,
      asOf: `${day}T09:00:00.000Z`,
      outcome: action ? 'action' : 'wait',
      ...(action
        ? { action: { type: action, level: action === 'escalate' ? 3 : 2, template: 't' } }
        : { reason: 'not_yet' }),
      scores: lateProbability === undefined ? {} : { lateProbability },
    },
  });

describeEachStore('the worklist', (store) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = createEngine(store.database);
    await call(engine.app, 'POST', '/v1/ledger/accounts', {
      accounts: [
        { id: 'ACME', name: 'Acme', segment: 'enterprise', owner: 'dana' },
        { id: 'GLOBEX', name: 'Globex', segment: 'small_business', owner: 'lee' },
      ],
    });
    const ledger = await call(engine.app, 'POST', '/v1/ledger/invoices', {
      invoices: [
        invoice('A-CALL', 'ACME', 1000),
        invoice('A-RISKY', 'ACME', 4000),
        invoice('A-CALM', 'ACME', 9000),
        invoice('A-PAID', 'ACME', 5000),
        invoice('G-ESC', 'GLOBEX', 2000, 'USD'),
        invoice('G-TASK', 'GLOBEX', 600),
        invoice('G-WAS-CALL', 'GLOBEX', 3000),
      ],
    });
    expect(ledger.status, ledger.text).toBe(200);
    await call(engine.app, 'POST', '/v1/ledger/payments', {
      payments: [{ id: 'PAY', invoiceId: 'A-PAID', amount: 5000, paidOn: '2026-03-20' }],
    });
    await insertDecisions(store.db, [
      decided('A-CALL', '2026-03-20', 'call', 0.5), // 1,000 × 0.5 = 500
      decided('A-RISKY', '2026-03-20', 'email', 0.9), // on risk alone: 4,000 × 0.9 = 3,600
      decided('A-CALM', '2026-03-20', 'email', 0.2), // neither: left out
      decided('A-PAID', '2026-03-20', 'call', 0.8), // paid in full: left out
      decided('G-ESC', '2026-03-20', 'escalate', 0.6), // 2,000 USD × 0.9 × 0.6 = 1,080
      decided('G-TASK', '2026-03-20', 'task'), // unscored: 600 × 1 = 600
      decided('G-WAS-CALL', '2026-03-10', 'call', 0.9), // superseded by a later email
      decided('G-WAS-CALL', '2026-03-20', 'email', 0.3),
      decided('A-CALM', '2026-03-25', 'call', 0.2), // after the day asked for
    ]);
    await put(engine.app, '/v1/settings/fx-rates', { reportingCurrency: 'EUR', rates: { USD: 0.9 } });
  });
  afterAll(() => engine.close());

  it('ranks the invoices that need a person by cash at risk', async () => {
    const reply = await get(engine.app, '/v1/worklist?asOf=2026-03-21');
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({ asOf: '2026-03-21', currency: 'EUR', riskThreshold: 0.7, total: 4 });
    const items: Json[] = reply.body.items;
    expect(items.map((i) => [i.invoiceId, i.why])).toEqual([
      ['A-RISKY', 'risk'],
      ['G-ESC', 'collector_action'],
      ['G-TASK', 'collector_action'],
      ['A-CALL', 'collector_action'],
    ]);
    expect(items.map((i) => i.cashAtRisk)).toEqual([3600, expect.closeTo(1080, 9), 600, 500]);
    expect(reply.body.totalCashAtRisk).toBe(5780);
    expect(items[0]).toMatchObject({
      accountName: 'Acme',
      owner: 'dana',
      segment: 'enterprise',
      openAmount: 4000,
      lateProbability: 0.9,
      daysPastDue: 18,
      decision: { decisionId: 'A-RISKY-2026-03-20', outcome: 'action', action: { type: 'email' } },
    });
    expect(items[2].lateProbability).toBeNull();
  });

  it('filters by segment, owner, currency and level, pages, and follows the risk threshold', async () => {
    const ids = async (query: string) =>
      ((await get(engine.app, `/v1/worklist?asOf=2026-03-21&${query}`)).body.items as Json[]).map((i) => i.invoiceId);
    expect(await ids('segment=small_business')).toEqual(['G-ESC', 'G-TASK']);
    expect(await ids('owner=dana')).toEqual(['A-RISKY', 'A-CALL']);
    expect(await ids('currency=USD')).toEqual(['G-ESC']);
    expect(await ids('level=3')).toEqual(['G-ESC']);
    expect(await ids('limit=2&offset=1')).toEqual(['G-ESC', 'G-TASK']);
    // A later day sees the later call on A-CALM.
    expect((await get(engine.app, '/v1/worklist?asOf=2026-03-26')).body.total).toBe(5);

    await put(engine.app, '/v1/settings/worklist', { riskThreshold: 0.95 });
    expect(await ids('')).toEqual(['G-ESC', 'G-TASK', 'A-CALL']);
    await put(engine.app, '/v1/settings/worklist', { riskThreshold: 0.7 });
    expectClientError(await put(engine.app, '/v1/settings/worklist', { riskThreshold: 70 }), 400, 'invalid_request');
    expectClientError(await get(engine.app, '/v1/worklist?segment=smb'), 400, 'invalid_request');
  });
});
