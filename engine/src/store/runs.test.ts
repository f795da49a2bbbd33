import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createRun, finishChunk, getRun } from './runs';
import { upsertInvoices } from './ledger';
import { describeEachStore } from './testing';

const ACCOUNTS = 8;

describeEachStore('finishing the chunks of a run', (store) => {
  it('closes the run when its last chunks finish at the same moment', async () => {
    await upsertInvoices(
      store.db,
      Array.from({ length: ACCOUNTS }, (_, i) => ({
        invoiceId: `FIN-${i}`,
        accountId: `FIN-ACC-${i}`,
        issueDate: '2026-03-01',
        dueDate: '2026-03-31',
        amount: 100,
        currency: 'EUR',
        settledDate: null,
        disputed: null,
        paperless: null,
        extra: {},
      })),
    );
    // Several runs, each with every chunk finished at once by its own transaction: without the
    // run's lock each would see the others still open, and the run would stay running.
    for (let attempt = 0; attempt < 5; attempt++) {
      const run = await createRun(
        store.db,
        { id: randomUUID(), asOf: '2026-04-01', trigger: 'api', policyId: null, dryRun: false },
        1,
      );
      expect(run.chunks).toBe(ACCOUNTS);
      await Promise.all(
        Array.from({ length: run.chunks }, (_, chunk) => finishChunk(store.db, run.id, chunk, 'w', {})),
      );
      expect((await getRun(store.db, run.id))?.status).toBe('done');
    }
  });
});
