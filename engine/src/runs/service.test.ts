/**
 * A run writes a chunk's decisions together; when that fails, one at a time, so an invoice whose
 * decision cannot be written is an error of the run and every other invoice of its chunk is
 * decided, acted on and reviewed as usual.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../app';
import { seedSamplePolicy } from '../seed';
import { getRun, runProgress, upsertAccounts, upsertInvoices } from '../store';
import { describeEachStore, queryRows } from '../store/testing';
import { InProcessQueue } from './queue';

const IDS = ['R-1', 'R-2', 'R-3', 'R-4', 'R-5'];
const BROKEN = 'R-3';

describeEachStore('a run with an invoice that cannot be written', (store) => {
  let engine: Engine;
  const queue = new InProcessQueue();
  let logged: ReturnType<typeof vi.spyOn>;

  beforeAll(async () => {
    logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, { runQueue: queue, runChunkSize: 10 });
    await upsertAccounts(
      store.db,
      IDS.map((id) => ({
        id: `ACC-${id}`,
        country: 'GB',
        timeZone: 'Europe/London',
        emailAllowed: true,
        smsAllowed: true,
        callAllowed: true,
      })),
    );
    await upsertInvoices(
      store.db,
      IDS.map((id) => ({
        invoiceId: id,
        accountId: `ACC-${id}`,
        issueDate: '2026-03-01',
        dueDate: '2026-03-31',
        amount: 1000,
        currency: 'GBP',
        settledDate: null,
        disputed: null,
        paperless: null,
        extra: {},
      })),
    );
    // A fault in the database for one invoice only: its decision cannot be stored.
    await store.db.execute(
      sql.raw(`create function refuse_broken() returns trigger language plpgsql as $$
        begin
          if new.invoice_id = '${BROKEN}' then raise exception 'refused for the test'; end if;
          return new;
        end $$`),
    );
    await store.db.execute(
      sql`create trigger refuse_broken before insert on decisions for each row execute function refuse_broken()`,
    );
  });
  afterAll(() => logged.mockRestore());

  it('records the one invoice as an error and writes every other one of its chunk', async () => {
    const run = await engine.runs.start({ asOf: '2026-04-01', trigger: 'api' });
    await queue.idle();
    const done = (await getRun(store.db, run.id))!;
    expect(done.status).toBe('done');
    const { outcomes, errors } = await runProgress(store.db, done);
    expect(errors.count).toBe(1);
    expect(errors.first[0]).toMatchObject({ invoiceId: BROKEN, code: 'internal_error' });
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(IDS.length - 1);
    const reviewed = await queryRows<{ invoice_id: string }>(
      store.db,
      sql`select invoice_id from reviews order by invoice_id`,
    );
    expect(reviewed.map((r) => r.invoice_id)).toEqual(IDS.filter((id) => id !== BROKEN));
    const acted = await queryRows<{ invoice_id: string }>(
      store.db,
      sql`select invoice_id from actions order by invoice_id`,
    );
    // One day past due: the first overdue reminder, for every invoice that could be written.
    expect(acted.map((r) => r.invoice_id)).toEqual(IDS.filter((id) => id !== BROKEN));
    // The engine's log says what went wrong; the run's error points there.
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(BROKEN), expect.anything());
  });

  it('decides the refused invoice on the next run, once the fault is gone', async () => {
    await store.db.execute(sql`drop trigger refuse_broken on decisions`);
    const run = await engine.runs.start({ asOf: '2026-04-01', trigger: 'api' });
    await queue.idle();
    const { outcomes, errors } = await runProgress(store.db, (await getRun(store.db, run.id))!);
    expect(errors.count).toBe(0);
    expect(outcomes).toEqual({ action: 1 });
  });
});
