/**
 * First start: the sample policy once, and a demo whose last 90 days were lived through by daily
 * runs: decisions every day, contacts delivered, the customers' payments after them; decide sees
 * the demo accounts' history.
 */
import { expect, it } from 'vitest';
import { createApp } from './app';
import { DEMO_PREFIX, seedDemo } from './demo';
import { seedSamplePolicy } from './seed';
import { describeEachStore, queryRows } from './store/testing';
import { sql } from 'drizzle-orm';
import { get, post } from '../test-support/api';

describeEachStore('first-start seeding', (store) => {
  it('seeds the sample policy, then a demo ledger with 90 days of runs, once', async () => {
    expect(await seedSamplePolicy(store.db)).toBe(true);
    expect(await seedSamplePolicy(store.db)).toBe(false);
    const today = new Date('2026-06-30T12:00:00Z');
    const seeded = await seedDemo(store.database, { today, days: 90 });
    expect(seeded).toBeGreaterThan(1900);
    expect(await seedDemo(store.database, { today })).toBe(0);
    const app = createApp(store.database);
    const counts = (await get(app, '/v1/ledger')).body;
    expect(counts.invoices).toBe(seeded);
    // Every kind of record: accounts with master data, partial payments, disputes.
    expect(counts.accounts).toBe(80);
    expect(counts.payments).toBeGreaterThan(1500);
    expect(counts.disputes).toBeGreaterThan(10);

    const [runs] = await queryRows<{ n: number; first: string; last: string }>(
      store.db,
      sql`select count(*)::int as n, min(as_of)::text as first, max(as_of)::text as last from runs where status = 'done'`,
    );
    expect(runs).toEqual({ n: 90, first: '2026-04-02', last: '2026-06-30' });
    const days = await queryRows<{ day: string }>(
      store.db,
      sql`select distinct (as_of at time zone 'UTC')::date::text as day from decisions`,
    );
    expect(days.length).toBeGreaterThan(80);
    const actions = await queryRows<{ status: string; n: string }>(
      store.db,
      sql`select status, count(*) as n from actions group by status`,
    );
    // The customers got every contact; payments then came after some of them.
    expect(actions.map((a) => a.status)).toEqual(['delivered']);
    expect(Number(actions[0]!.n)).toBeGreaterThan(100);

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
