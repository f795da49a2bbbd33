/**
 * Limits per caller: a rate per key (429 with Retry-After, each key its own budget), a time per
 * request's waiting (503 with Retry-After), CORS for the listed origins only (preflights need no key), and
 * the security headers on every answer.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../app';
import { seedSamplePolicy } from '../seed';
import { openDatabase, type Database } from '../store';
import { createTempPostgresDatabase, describeEachStore, testDatabaseUrl } from '../store/testing';
import { call, expectClientError, get } from '../../test-support/api';

describeEachStore('limits', (store) => {
  let engine: Engine;
  let admin: string;
  const as = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, {
      auth: 'keys',
      limits: { ratePerMinute: 5, corsOrigins: ['https://ar.example.com'] },
    });
    admin = (await engine.keys.bootstrap())!;
  });
  afterAll(() => engine.close());

  it('gives each key its own budget a minute, then 429 with Retry-After', async () => {
    const other = (await call(engine.app, 'POST', '/v1/keys', { name: 'other', scopes: ['reports:read'] }, as(admin)))
      .body.token;
    // The key made above used one of the admin's five.
    for (let i = 0; i < 4; i++)
      expect((await call(engine.app, 'GET', '/v1/policies', undefined, as(admin))).status).toBe(200);
    const limited = await call(engine.app, 'GET', '/v1/policies', undefined, as(admin));
    expectClientError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-limit')).toBe('5');
    expect((await call(engine.app, 'GET', '/v1/policies', undefined, as(other))).status).toBe(200);
  });

  it('answers preflights from listed origins without a key, and no other origin', async () => {
    const preflight = (origin: string) =>
      call(engine.app, 'OPTIONS', '/v1/decide', undefined, {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      });
    const allowed = await preflight('https://ar.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ar.example.com');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await preflight('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends the security headers with every answer', async () => {
    for (const path of ['/healthz', '/v1/policies', '/openapi.json']) {
      const reply = await get(engine.app, path);
      expect(reply.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(reply.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(reply.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});

/**
 * The time limit ends a wait (for the database, here a table another session holds), not work on
 * the CPU: Node cannot interrupt that, so this is shown on a server, where waiting is possible.
 */
const serverUrl = testDatabaseUrl();
(serverUrl ? describe : describe.skip)('a request that waits too long', () => {
  let temp: { url: string; drop(): Promise<void> };
  let database: Database;
  let engine: Engine;

  beforeAll(async () => {
    temp = await createTempPostgresDatabase(serverUrl!);
    database = await openDatabase({ databaseUrl: temp.url });
    await seedSamplePolicy(database.db);
    engine = createEngine(database, { auth: 'off', limits: { requestTimeoutMs: 200 } });
  });
  afterAll(async () => {
    await engine?.close();
    await database?.close();
    await temp?.drop();
  });

  it('is answered 503 with Retry-After, and the next one is served', async () => {
    const holding = database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table policies in access exclusive mode`);
      await tx.execute(sql`select pg_sleep(0.8)`);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reply = await get(engine.app, '/v1/policies');
    await holding;
    expectClientError(reply, 503, 'request_took_too_long');
    expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await get(engine.app, '/v1/policies')).status).toBe(200);
  });
});
