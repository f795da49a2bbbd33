import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { decodeDecisionCursor, getDecision, insertDecisions, listDecisions } from './decisions';
import { DomainError } from '../errors';
import { describeEachStore } from './testing';
import { day, decision } from '../../test-support/decisions';

describeEachStore('decision log', (store) => {
  it('inserts a batch larger than one chunk and reads a decision back whole', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) =>
      decision({ asOf: day(i % 30), invoiceId: `BULK-${i % 40}`, accountId: `BULKACC-${i % 7}` }),
    );
    await insertDecisions(store.db, rows);

    const sample = rows[777]!;
    const read = await getDecision(store.db, sample.id);
    expect(read).toEqual({ ...sample, runId: null, createdAt: expect.any(Date) });
    expect(await getDecision(store.db, randomUUID())).toBeUndefined();
  });

  it('inserts all rows of a batch or none', async () => {
    const existing = decision({ asOf: day(1), invoiceId: 'ATOMIC' });
    await insertDecisions(store.db, [existing]);
    const fresh = decision({ asOf: day(2), invoiceId: 'ATOMIC' });
    await expect(insertDecisions(store.db, [fresh, existing])).rejects.toThrow();
    expect(await getDecision(store.db, fresh.id)).toBeUndefined();
  });

  it('filters by invoice, account and asOf range, newest first', async () => {
    const a1 = decision({ asOf: day(1), invoiceId: 'F-1', accountId: 'F-ACC' });
    const a2 = decision({ asOf: day(2), invoiceId: 'F-1', accountId: 'F-ACC' });
    const a3 = decision({ asOf: day(3), invoiceId: 'F-2', accountId: 'F-ACC' });
    const other = decision({ asOf: day(2), invoiceId: 'F-3', accountId: 'F-OTHER' });
    await insertDecisions(store.db, [a1, a2, a3, other]);

    const ids = async (query: Parameters<typeof listDecisions>[1]) =>
      (await listDecisions(store.db, query)).items.map((d) => d.id);

    expect(await ids({ invoiceId: 'F-1' })).toEqual([a2.id, a1.id]);
    expect(await ids({ accountId: 'F-ACC' })).toEqual([a3.id, a2.id, a1.id]);
    expect(await ids({ accountId: 'F-ACC', from: day(2) })).toEqual([a3.id, a2.id]);
    expect(await ids({ accountId: 'F-ACC', to: day(3) })).toEqual([a2.id, a1.id]);
    expect(await ids({ accountId: 'F-ACC', from: day(2), to: day(3) })).toEqual([a2.id]);
    expect(await ids({ invoiceId: 'F-1', accountId: 'F-OTHER' })).toEqual([]);
    expect(await ids({ invoiceId: 'F-404' })).toEqual([]);
  });

  it('pages with a cursor through equal asOf values without loss or repeats', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => decision({ asOf: day(i % 3), invoiceId: 'PAGED' }));
    await insertDecisions(store.db, rows);
    const expected = [...rows]
      .sort((x, y) => y.asOf.getTime() - x.asOf.getTime() || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0))
      .map((d) => d.id);

    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listDecisions(store.db, { invoiceId: 'PAGED', limit: 10, before });
      seen.push(...page.items.map((d) => d.id));
      before = page.nextCursor ?? undefined;
      pages++;
    } while (before);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it('applies the default and maximum page sizes', async () => {
    expect((await listDecisions(store.db)).items).toHaveLength(100);
    expect((await listDecisions(store.db, { limit: 5000 })).items).toHaveLength(1000);
    expect((await listDecisions(store.db, { limit: 0 })).items).toHaveLength(1);
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(listDecisions(store.db, { before: 'not-a-cursor' })).rejects.toMatchObject({ code: 'invalid_cursor' });
    expect(() => decodeDecisionCursor(Buffer.from('["x","y"]').toString('base64url'))).toThrow(DomainError);
  });
});
