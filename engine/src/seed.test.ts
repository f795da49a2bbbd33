import { expect, it } from 'vitest';
import { createApp } from './app';
import { DEMO_PREFIX, seedDemoLedger, seedSamplePolicy } from './seed';
import { describeEachStore } from './store/testing';
import { get, post } from '../test-support/api';

describeEachStore('first-start seeding', (store) => {
  it('seeds the sample policy and a demo ledger once, and decide sees the demo accounts\u2019 history', async () => {
    expect(await seedSamplePolicy(store.db)).toBe(true);
    expect(await seedSamplePolicy(store.db)).toBe(false);
    const today = new Date('2026-06-30T12:00:00Z');
    expect(await seedDemoLedger(store.db, today)).toBe(2000);
    expect(await seedDemoLedger(store.db, today)).toBe(0);
    const app = createApp(store.database);
    const counts = (await get(app, '/v1/ledger')).body;
    expect(counts.invoices).toBe(2000);
    // Every kind of record: accounts with master data, partial payments, disputes.
    expect(counts.accounts).toBe(80);
    expect(counts.payments).toBeGreaterThan(1500);
    expect(counts.disputes).toBeGreaterThan(10);

    const decided = await post(app, '/v1/decide', {
      invoice: {
        id: 'NEW-1',
        accountId: `${DEMO_PREFIX}ACC-000001`,
        amount: 900,
        currency: 'USD',
        issueDate: '2026-06-01',
        dueDate: '2026-07-01',
      },
      asOf: '2026-06-20',
    });
    expect(decided.status).toBe(200);
    const facts = (await get(app, `/v1/decisions/${decided.body.decisionId}`)).body.facts;
    expect(facts.settledInvoiceCount).toBeGreaterThan(0);
    expect(facts.lateRate).toBeGreaterThanOrEqual(0);
  });
});
