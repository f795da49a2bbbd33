/**
 * The engine (its production build) on a PostgreSQL server of the test's own, stopped and started
 * again under a load of decides: every answer is a 200 or a 503 with Retry-After, every 200's
 * decision is in the log, and the engine serves again by itself. Then SIGTERM while a batch is in
 * flight: the batch is answered and its decisions are written before the process exits.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../engine/test-support/engine-process';
import { postgresBinDir, startOwnPostgres, type OwnPostgres } from '../../engine/test-support/own-postgres';
import { http } from './support';

const bin = await postgresBinDir();
if (!bin && process.env['CI']) throw new Error('CI needs the PostgreSQL server programs (initdb, pg_ctl)');
const suite = bin ? describe : describe.skip;

const CLIENTS = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  at: number;
  status: number;
  retryAfter: string | null;
  code?: string;
  decisionId?: string;
  failure?: string;
}

const invoices = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    invoiceId: `${prefix}-${i}`,
    accountId: `ACC-${i % 25}`,
    issueDate: '2026-01-05',
    dueDate: '2026-02-04',
    amount: 1000 + i,
    currency: 'EUR',
    settledDate: null,
    disputed: null,
  }));

async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<number> {
  const started = performance.now();
  while (!(await check().catch(() => false))) {
    if (performance.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
  return performance.now() - started;
}

suite('the engine while its PostgreSQL server stops and starts again', () => {
  let pg: OwnPostgres;
  let engine: Engine;
  let sql: postgres.Sql;

  beforeAll(async () => {
    pg = await startOwnPostgres();
    engine = await startEngine(pg.url);
    sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    const seeded = await http(engine.url, 'POST', '/v1/ledger/invoices', { invoices: invoices('F', 200) });
    expect(seeded.status, seeded.text).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await engine?.stop();
    await sql?.end({ timeout: 5 });
    await pg?.dispose();
  }, 60_000);

  const logged = async (ids: string[]) =>
    new Set((await sql`select id from decisions where id = any(${ids})`).map((r) => r.id as string));

  it('answers 200 or 503 with Retry-After while it is down, loses no decision, and serves again by itself', async () => {
    const answers: Answer[] = [];
    let running = true;
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const at = performance.now();
        try {
          const reply = await http(engine.url, 'POST', '/v1/decide', {
            invoiceId: `F-${(n * 37 + i) % 200}`,
            asOf: '2026-03-01T09:00:00Z',
          });
          answers.push({
            at,
            status: reply.status,
            retryAfter: reply.headers.get('retry-after'),
            code: reply.body?.error?.code,
            decisionId: reply.body?.decisionId,
          });
          // A client that honours Retry-After a little: it keeps the outage's requests countable.
          if (reply.status === 503) await sleep(50);
        } catch (error) {
          answers.push({ at, status: 0, retryAfter: null, failure: String(error) });
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
    await sleep(1500);
    expect((await http(engine.url, 'GET', '/readyz')).status).toBe(200);

    await pg.stop();
    const downAt = performance.now();
    await sleep(1000);
    const alive = await http(engine.url, 'GET', '/healthz');
    const notReady = await http(engine.url, 'GET', '/readyz');
    await sleep(2000);
    await pg.start();
    const upAt = performance.now();
    const recovery = await until('ready again', async () => (await http(engine.url, 'GET', '/readyz')).status === 200);
    const readyAt = performance.now();
    await sleep(4000);
    const stoppedAt = performance.now();
    running = false;
    await Promise.all(clients);

    expect(alive.status).toBe(200);
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks.database).toBe('unreachable');
    expect(notReady.headers.get('retry-after')).toMatch(/^\d+$/);

    expect(answers.filter((a) => a.status === 0).slice(0, 3)).toEqual([]);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503).slice(0, 3)).toEqual([]);
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const a of unavailable) {
      expect(a.code).toBe('database_unavailable');
      expect(a.retryAfter).toMatch(/^\d+$/);
    }
    const ok = answers.filter((a) => a.status === 200);
    expect(ok.some((a) => a.at < downAt)).toBe(true);
    // Readiness says one connection answers; the pool's others reconnect as they are next used. By the
    // last two seconds (at least two after readiness) every answer is a 200 again.
    const settled = answers.filter((a) => a.at > Math.max(readyAt + 2000, stoppedAt - 2000));
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.filter((a) => a.status !== 200).slice(0, 3)).toEqual([]);
    const lastRefusal = Math.max(...unavailable.map((a) => a.at));

    const ids = ok.map((a) => a.decisionId!);
    const found = await logged(ids);
    expect(ids.filter((id) => !found.has(id))).toEqual([]);
    console.log(
      `database stopped for ${((upAt - downAt) / 1000).toFixed(1)} s: ${ok.length} decisions (all in the log), ` +
        `${unavailable.length} answers 503 with Retry-After, ready again ${Math.round(recovery)} ms after the restart, ` +
        `the last 503 ${Math.round(lastRefusal - readyAt)} ms after readiness`,
    );
  }, 120_000);

  it('drains on SIGTERM: the batch in flight is answered and written before the process exits', async () => {
    const batch = invoices('T', 4000);
    expect((await http(engine.url, 'POST', '/v1/ledger/invoices', { invoices: batch })).status).toBe(200);
    const items = batch.map((i) => ({ invoiceId: i.invoiceId, asOf: '2026-03-01T09:00:00Z' }));
    const inFlight = http(engine.url, 'POST', '/v1/decide/batch', { items }).then((reply) => ({
      reply,
      at: performance.now(),
    }));
    await sleep(300);
    const exited = new Promise<number | null>((resolve) => engine.child.once('exit', resolve));
    const signalledAt = performance.now();
    engine.child.kill('SIGTERM');
    const { reply, at } = await inFlight;
    expect(await exited).toBe(0);

    expect(at).toBeGreaterThan(signalledAt);
    expect(reply.status, reply.text).toBe(200);
    const ids = reply.body.results.map(
      (r: { ok: boolean; decision?: { decisionId: string } }) => r.decision!.decisionId,
    );
    expect(ids).toHaveLength(batch.length);
    const found = await logged(ids);
    expect(found.size).toBe(batch.length);
  }, 120_000);
});
