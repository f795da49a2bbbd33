import { expect, it } from 'vitest';
import { claimReviews, setReviews } from './reviews';
import { describeEachStore } from './testing';

/** More invoices than one statement's worth of parameters would once have held, so claims span what were batches. */
const ids = Array.from({ length: 2_500 }, (_, i) => `CLAIM-${String(i).padStart(4, '0')}`);

describeEachStore('claiming reviews', (store) => {
  it('claims the invoices due on the day: never reviewed, or due by then, not those due later', async () => {
    await setReviews(store.db, [
      { invoiceId: ids[0]!, nextReviewOn: '2026-05-02', decisionId: 'd0', decidedOn: '2026-04-01' },
      { invoiceId: ids[1]!, nextReviewOn: '2026-05-01', decisionId: 'd1', decidedOn: '2026-04-01' },
      { invoiceId: ids[2]!, nextReviewOn: '2026-04-20', decisionId: 'd2', decidedOn: '2026-04-01' },
    ]);
    const claimed = await store.db.transaction((tx) => claimReviews(tx, ids, '2026-05-01'));
    expect(claimed.has(ids[0]!)).toBe(false);
    expect([ids[1], ids[2], ids[3], ids[2_499]].every((id) => claimed.has(id!))).toBe(true);
    expect(claimed.size).toBe(ids.length - 1);
    expect(await store.db.transaction((tx) => claimReviews(tx, [], '2026-05-01'))).toEqual(new Set());
  });

  it('lets two transactions claim the same many invoices in opposite orders without a deadlock', async () => {
    // Each takes every lock in one order, so the second waits for the first rather than each holding
    // half of what the other needs (PostgreSQL would end one with "deadlock detected").
    const claim = (order: string[]) =>
      store.db.transaction(async (tx) => {
        const claimed = await claimReviews(tx, order, '2026-06-01');
        await new Promise((resolve) => setTimeout(resolve, 50));
        return claimed.size;
      });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await Promise.all([claim(ids), claim([...ids].reverse())])).toEqual([ids.length, ids.length]);
    }
  });
});
