/**
 * Runs across engine processes on one PostgreSQL database, each process the real entry point
 * (`node dist/main.js`): two processes share one run's chunks through pg-boss and decide no invoice
 * twice; a process killed with SIGKILL half-way through a run, and a new one started for the
 * same day, contact no customer twice.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@dunwell/engine/store';
import { createTempPostgresDatabase, queryRows, testDatabaseUrl } from '@dunwell/engine/store/testing';
import { World } from '../../engine/src/ledger/world';
import { startReceiver, type Receiver } from '../../engine/test-support/receiver';
import { startEngine, type Engine } from '../../engine/test-support/engine-process';
import { http, type Json } from './support';

const serverUrl = testDatabaseUrl();
const DAY = '2026-04-01';

async function runTo(engine: Engine, body: Record<string, unknown>): Promise<string> {
  const started = await http(engine.url, 'POST', '/v1/runs', body);
  expect(started.status, started.text).toBe(202);
  return started.body.runId;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 240_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`gave up waiting: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A world whose history is in the database: 6,000 invoices, many of them open and due. */
async function loadWorld(url: string) {
  const world = new World({ invoices: 6000, seed: 23, start: DAY });
  const history = world.history();
  const engine = await startEngine(url);
  try {
    for (const [kind, records] of Object.entries({
      accounts: history.accounts,
      invoices: history.invoices,
      payments: history.payments,
      disputes: history.disputes,
    })) {
      for (let i = 0; i < records.length; i += 5000) {
        const reply = await http(engine.url, 'POST', `/v1/ledger/${kind}`, { [kind]: records.slice(i, i + 5000) });
        expect(reply.status, reply.text).toBe(200);
      }
    }
  } finally {
    await engine.stop();
  }
}

const suite = serverUrl ? describe : describe.skip;

suite(`runs across engine processes on PostgreSQL${serverUrl ? '' : ' (set TEST_DATABASE_URL to run)'}`, () => {
  let temp: { url: string; drop(): Promise<void> };
  let database: Database;
  const engines: Engine[] = [];

  beforeAll(async () => {
    temp = await createTempPostgresDatabase(serverUrl!);
    database = await openDatabase({ databaseUrl: temp.url });
    await loadWorld(temp.url);
  }, 300_000);

  afterAll(async () => {
    for (const engine of engines) await engine.stop();
    await database?.close();
    await temp?.drop();
  }, 120_000);

  it('shares one run between two processes: every due invoice decided once, the counts adding up', async () => {
    const [a, b] = await Promise.all([startEngine(temp.url), startEngine(temp.url)]);
    engines.push(a!, b!);
    const runId = await runTo(a!, { asOf: '2026-03-20', dryRun: false });
    const run: Json = await waitFor(
      async () => (await http(b!.url, 'GET', `/v1/runs/${runId}`)).body,
      (r) => r.status === 'done',
    );
    expect(Object.keys(run.workers)).toHaveLength(2);
    const decided = await queryRows<{ invoice_id: string; n: string }>(
      database.db,
      sql`select invoice_id, count(*) as n from decisions where run_id = ${runId} group by invoice_id`,
    );
    expect(decided.filter((d) => Number(d.n) > 1)).toEqual([]);
    const total = Object.values(run.outcomes as Record<string, number>).reduce((x, y) => x + y, 0);
    expect(total).toBe(decided.length);
    expect(total + run.errors.count).toBeGreaterThan(300);
    expect(run.errors.count).toBe(0);
    await Promise.all([a!.stop(), b!.stop()]);
  }, 300_000);

  it('contacts nobody twice after a process is killed half-way and the day is run again', async () => {
    let receiver: Receiver | undefined;
    try {
      receiver = await startReceiver();
      const first = await startEngine(temp.url);
      engines.push(first);
      const hook = await http(first.url, 'POST', '/v1/webhooks', { url: receiver.url, events: ['action.decided'] });
      receiver.secret = hook.body.secret;
      const killedRun = await runTo(first, { asOf: DAY });
      const halfway: Json = await waitFor(
        async () => (await http(first.url, 'GET', `/v1/runs/${killedRun}`)).body,
        (r) => r.chunksDone >= 2,
      );
      first.child.kill('SIGKILL');
      expect(halfway.status).toBe('running');
      expect(halfway.chunksDone).toBeLessThan(halfway.chunks);
      await new Promise((resolve) => first.child.once('exit', resolve));

      const second = await startEngine(temp.url);
      engines.push(second);
      const rerun = await runTo(second, { asOf: DAY });
      await waitFor(
        async () => (await http(second.url, 'GET', `/v1/runs/${rerun}`)).body,
        (r) => r.status === 'done',
      );
      // The killed run's chunk in hand expires, goes back to the queue and finishes too.
      await waitFor(
        async () => (await http(second.url, 'GET', `/v1/runs/${killedRun}`)).body,
        (r) => r.status === 'done',
      );
      const twice = await queryRows<{ invoice_id: string }>(
        database.db,
        sql`select invoice_id from decisions where as_of >= ${`${DAY}T00:00:00Z`} and as_of < ${`${DAY}T23:59:59Z`}
            group by invoice_id having count(*) > 1`,
      );
      expect(twice).toEqual([]);
      const actions = await queryRows<{ n: string }>(
        database.db,
        sql`select count(*) as n from actions where decided_on = ${DAY}`,
      );
      expect(Number(actions[0]!.n)).toBeGreaterThan(20);
      // Every action reaches the receiver once.
      await waitFor(
        async () => receiver!.accepted.length,
        (n) => n === Number(actions[0]!.n),
        60_000,
      );
      const keys = receiver.accepted.map(
        (r) => `${r.payload.data.invoiceId}|${r.payload.data.step}|${r.payload.data.occurrence}`,
      );
      expect(new Set(keys).size).toBe(keys.length);
      expect(receiver.badSignatures).toBe(0);
      await second.stop();
    } finally {
      await receiver?.close();
    }
  }, 400_000);
});
