/**
 * A run writes a chunk's decisions together; when that fails, one at a time, so an invoice whose
 * decision cannot be written is an error of the run and every other invoice of its chunk is
 * decided, acted on and reviewed as usual. Deciding never waits for a receiver.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../app';
import { seedSamplePolicy } from '../seed';
import { DEFAULT_CONTACT_RULES, writeContactRules } from '../decide/contact-rules';
import { getRun, runProgress, upsertAccounts, upsertInvoices, type Executor } from '../store';
import { describeEachStore, queryRows } from '../store/testing';
import { InProcessQueue } from './queue';
import { log } from '../log';
import { startReceiver, type Receiver } from '../../test-support/receiver';

const IDS = ['R-1', 'R-2', 'R-3', 'R-4', 'R-5'];
const BROKEN = 'R-3';

/** One account per invoice, every channel allowed, in London; each invoice due on 2026-03-31. */
async function seedLedger(db: Executor) {
  await upsertAccounts(
    db,
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
    db,
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
}

describeEachStore('a run with an invoice that cannot be written', (store) => {
  let engine: Engine;
  const queue = new InProcessQueue();
  let logged: ReturnType<typeof vi.spyOn>;

  beforeAll(async () => {
    logged = vi.spyOn(log, 'error').mockImplementation(() => {});
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, { runQueue: queue, runChunkSize: 10 });
    await seedLedger(store.db);
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
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ invoiceId: BROKEN, runId: expect.any(String), err: expect.anything() }),
      expect.any(String),
    );
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

describeEachStore('a receiver that does not answer', (store) => {
  let engine: Engine;
  let receiver: Receiver;
  const queue = new InProcessQueue();

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, { runQueue: queue, runChunkSize: 2 });
    receiver = await startReceiver();
    const hook = await engine.app.request('/v1/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['action.decided'] }),
    });
    receiver.secret = ((await hook.json()) as { secret: string }).secret;
    await seedLedger(store.db);
  });
  afterAll(() => receiver.close());

  it('holds up no run: the next day is decided while deliveries wait for the receiver', async () => {
    await engine.runs.start({ asOf: '2026-04-01', trigger: 'api' });
    await queue.idle();
    let release!: () => void;
    receiver.hold = new Promise((resolve) => (release = resolve));
    let delivered = false;
    const delivering = engine.dispatcher.dispatchDue(new Date()).then((report) => {
      delivered = true;
      return report;
    });
    await expect.poll(() => receiver.requests).toBe(IDS.length);

    // A week later every invoice is due again: the run decides them all while the receiver still hangs.
    const next = await engine.runs.start({ asOf: '2026-04-07', trigger: 'api' });
    await queue.idle();
    const { outcomes, errors } = await runProgress(store.db, (await getRun(store.db, next.id))!);
    expect(errors.count).toBe(0);
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(IDS.length);
    expect(delivered).toBe(false);

    release();
    // The held deliveries go through, and with them the second day's actions, now due as well.
    const sent = IDS.length + (outcomes.action ?? 0);
    expect((await delivering).sent).toBe(sent);
    expect(receiver.accepted).toHaveLength(sent);
    expect(receiver.duplicates).toBe(0);
  });
});

describeEachStore('an account with several invoices due on the day', (store) => {
  let engine: Engine;
  const queue = new InProcessQueue();
  const invoices = ['S-1', 'S-2', 'S-3'];

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    await writeContactRules(store.db, { ...DEFAULT_CONTACT_RULES, weeklyCap: 1 });
    // A chunk size of one invoice: the account must still be decided in one chunk, in order.
    engine = createEngine(store.database, { runQueue: queue, runChunkSize: 1 });
    await seedLedger(store.db);
    await upsertInvoices(
      store.db,
      invoices.map((id) => ({
        invoiceId: id,
        accountId: 'ACC-R-1',
        issueDate: '2026-03-01',
        dueDate: '2026-03-31',
        amount: 500,
        currency: 'GBP',
        settledDate: null,
        disputed: null,
        paperless: null,
        extra: {},
      })),
    );
  });

  it('keeps the account in one chunk and contacts it no more than its cap allows', async () => {
    const run = await engine.runs.start({ asOf: '2026-04-01', trigger: 'api' });
    // Five accounts, one of them with four invoices: five chunks, not eight.
    expect(run).toMatchObject({ invoices: IDS.length + invoices.length, chunks: IDS.length });
    await queue.idle();
    const rows = await queryRows<{ invoice_id: string; outcome: string; reason: string | null }>(
      store.db,
      sql`select invoice_id, outcome, response->>'reason' as reason from decisions
          where account_id = 'ACC-R-1' order by invoice_id`,
    );
    expect(rows.map((r) => r.invoice_id)).toEqual(['R-1', ...invoices]);
    // The first invoice gets the reminder; the cap of one contact a week holds the others back.
    expect(rows.map((r) => [r.outcome, r.reason])).toEqual([
      ['action', null],
      ['wait', 'contact_cap'],
      ['wait', 'contact_cap'],
      ['wait', 'contact_cap'],
    ]);
  });
});
