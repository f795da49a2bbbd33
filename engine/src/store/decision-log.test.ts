import { expect, it } from 'vitest';
import { day, decision } from '../../test-support/decisions';
import { DecisionLog } from './decision-log';
import { getDecision, insertDecisions, listDecisions } from './decisions';
import { findIdempotencyKey } from './idempotency';
import { describeEachStore } from './testing';

describeEachStore('decision log written in groups', (store) => {
  it('writes decisions made at the same time in few transactions, every one of them durable', async () => {
    const log = new DecisionLog(store.db);
    const rows = Array.from({ length: 300 }, (_, i) => decision({ asOf: day(1), invoiceId: `GROUP-${i}` }));
    const results = await Promise.all(rows.map((row) => log.append(row)));
    expect(results.every((r) => r.created)).toBe(true);
    expect(log.counts.decisions).toBe(300);
    // Appended in one turn of the event loop: one transaction.
    expect(log.counts.commits).toBe(1);
    for (const row of [rows[0]!, rows[150]!, rows[299]!]) expect(await getDecision(store.db, row.id)).toBeDefined();
  });

  it('writes a lone decision at once', async () => {
    const log = new DecisionLog(store.db);
    const row = decision({ asOf: day(2), invoiceId: 'LONE' });
    expect(await log.append(row)).toEqual({ created: true });
    expect(await getDecision(store.db, row.id)).toBeDefined();
    expect(log.counts).toEqual({ decisions: 1, commits: 1 });
  });

  it('fails only the bad decision of a group', async () => {
    const log = new DecisionLog(store.db);
    const existing = decision({ asOf: day(3), invoiceId: 'BAD' });
    await insertDecisions(store.db, [existing]);
    const good = Array.from({ length: 5 }, (_, i) => decision({ asOf: day(3), invoiceId: `GOOD-${i}` }));
    // A decision id already logged: its insert fails, and with it the group's transaction.
    const settled = await Promise.allSettled([...good, { ...existing }].map((row) => log.append(row)));
    expect(settled.map((s) => s.status)).toEqual([...good.map(() => 'fulfilled'), 'rejected']);
    for (const row of good) expect(await getDecision(store.db, row.id)).toBeDefined();
  });

  it('logs a decision under a key, and leaves out a later one with the same key', async () => {
    const log = new DecisionLog(store.db);
    const first = decision({ asOf: day(5), invoiceId: 'IDEM-1' });
    expect(await log.append(first, { key: 'key-1', requestHash: 'hash-a' })).toEqual({ created: true });
    expect(await findIdempotencyKey(store.db, 'key-1')).toEqual({ requestHash: 'hash-a', decisionId: first.id });

    const second = decision({ asOf: day(6), invoiceId: 'IDEM-1' });
    expect(await log.append(second, { key: 'key-1', requestHash: 'hash-b' })).toEqual({ created: false });
    expect(await getDecision(store.db, second.id)).toBeUndefined();
    expect(await findIdempotencyKey(store.db, 'key-1')).toEqual({ requestHash: 'hash-a', decisionId: first.id });
  });

  it('lets exactly one of concurrent decisions with one key be logged, in one group or in several processes', async () => {
    const logs = [new DecisionLog(store.db), new DecisionLog(store.db), new DecisionLog(store.db)];
    const rows = Array.from({ length: 9 }, () => decision({ asOf: day(7), invoiceId: 'IDEM-RACE' }));
    const results = await Promise.all(
      rows.map((row, i) => logs[i % logs.length]!.append(row, { key: 'key-race', requestHash: 'hash-r' })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const holder = await findIdempotencyKey(store.db, 'key-race');
    expect(rows[results.findIndex((r) => r.created)]!.id).toBe(holder!.decisionId);
    const logged = await listDecisions(store.db, { invoiceId: 'IDEM-RACE' });
    expect(logged.items.map((d) => d.id)).toEqual([holder!.decisionId]);
  });
});
