/**
 * Settings and active versions are cached in each engine process and forgotten on change: two
 * processes on one PostgreSQL database, each the real entry point. A publish, a rollback, a new
 * default policy and new contact rules made through one process are what the other decides with
 * within one second, although it had already decided (and so cached) with the old ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempPostgresDatabase, testDatabaseUrl } from '@dunwell/engine/store/testing';
import { startEngine, type Engine } from '../../engine/test-support/engine-process';
import { always, CONTACT_RULES_OFF, http, invoiceRequest, type Json } from './support';

const serverUrl = testDatabaseUrl();
const LIVE_WITHIN_MS = 1000;

async function call(engine: Engine, method: string, path: string, body?: unknown): Promise<Json> {
  const reply = await http(engine.url, method, path, body);
  expect(reply.status, `${method} ${path}: ${reply.text}`).toBeLessThan(300);
  return reply.body;
}

/** How long after `since` the engine first decides as `expected` says, polling without pause; fails after 5 s. */
async function liveAfter(engine: Engine, request: Json, expected: (decision: Json) => boolean, since: number) {
  for (;;) {
    const decision = await call(engine, 'POST', '/v1/decide', { ...request, dryRun: true });
    const elapsed = performance.now() - since;
    if (expected(decision)) return elapsed;
    if (elapsed > 5000) throw new Error(`still deciding with ${JSON.stringify(decision.policy)} after 5 s`);
  }
}

const suite = serverUrl ? describe : describe.skip;

suite(`settings and versions across engine processes${serverUrl ? '' : ' (set TEST_DATABASE_URL to run)'}`, () => {
  let temp: { url: string; drop(): Promise<void> };
  let a: Engine;
  let b: Engine;

  beforeAll(async () => {
    temp = await createTempPostgresDatabase(serverUrl!);
    // One first, so the other finds the database migrated and the sample policy seeded.
    a = await startEngine(temp.url);
    b = await startEngine(temp.url);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await temp?.drop();
  }, 60_000);

  it('a publish, a rollback, a default policy and contact rules changed on one process are live on the other within 1 s', async () => {
    await call(a, 'PUT', '/v1/settings/contact-rules', CONTACT_RULES_OFF);
    await call(a, 'POST', '/v1/policies', { id: 'live', name: 'Live', graph: always('email', 'hello') });
    await call(a, 'POST', '/v1/policies/live/versions', { note: 'email' });
    const request = invoiceRequest({ invoiceId: 'LIVE-1', asOf: '2026-04-02', policyId: 'live' });
    // b decides with version 1, so it holds it.
    for (let i = 0; i < 3; i++) {
      expect((await call(b, 'POST', '/v1/decide', { ...request, dryRun: true })).policy.version).toBe(1);
    }

    await call(a, 'PUT', '/v1/policies/live/draft', { graph: always('letter', 'paper') });
    let since = performance.now();
    await call(a, 'POST', '/v1/policies/live/versions', { note: 'letter' });
    const published = await liveAfter(b, request, (d) => d.policy.version === 2 && d.action.type === 'letter', since);
    expect(published).toBeLessThan(LIVE_WITHIN_MS);

    since = performance.now();
    await call(a, 'POST', '/v1/policies/live/versions/1/activate');
    const rolledBack = await liveAfter(b, request, (d) => d.policy.version === 1 && d.action.type === 'email', since);
    expect(rolledBack).toBeLessThan(LIVE_WITHIN_MS);

    const unnamed = invoiceRequest({ invoiceId: 'LIVE-2', asOf: '2026-04-02' });
    expect((await call(b, 'POST', '/v1/decide', { ...unnamed, dryRun: true })).policy.id).toBe('standard-b2b');
    since = performance.now();
    await call(a, 'PUT', '/v1/settings/default-policy', { policyId: 'live' });
    const defaulted = await liveAfter(b, unnamed, (d) => d.policy.id === 'live', since);
    expect(defaulted).toBeLessThan(LIVE_WITHIN_MS);

    // Contact rules: on a Saturday, business days only holds the email back.
    const saturday = invoiceRequest({ invoiceId: 'LIVE-3', asOf: '2026-04-04', policyId: 'live' });
    expect((await call(b, 'POST', '/v1/decide', { ...saturday, dryRun: true })).outcome).toBe('action');
    since = performance.now();
    await call(a, 'PUT', '/v1/settings/contact-rules', { ...CONTACT_RULES_OFF, businessDaysOnly: true });
    const ruled = await liveAfter(b, saturday, (d) => d.outcome === 'wait', since);
    expect(ruled).toBeLessThan(LIVE_WITHIN_MS);
    console.log(
      `live on the other process after: publish ${published.toFixed(0)} ms, rollback ${rolledBack.toFixed(0)} ms, ` +
        `default policy ${defaulted.toFixed(0)} ms, contact rules ${ruled.toFixed(0)} ms`,
    );
  }, 120_000);

  it('an activation scheduled on one process takes effect at its time on both, and is recorded once', async () => {
    await call(a, 'POST', '/v1/policies', { id: 'timed', name: 'Timed', graph: always('email', 'hello') });
    await call(a, 'POST', '/v1/policies/timed/versions', { note: 'email' });
    await call(a, 'PUT', '/v1/policies/timed/draft', { graph: always('letter', 'paper') });
    const at = new Date(Date.now() + 2500);
    const published = await call(a, 'POST', '/v1/policies/timed/versions', {
      note: 'letter from the top of the hour',
      activateAt: at.toISOString(),
    });
    expect(published).toMatchObject({ version: 2, active: false });
    const request = invoiceRequest({ invoiceId: 'TIMED-1', asOf: '2026-04-02', policyId: 'timed' });
    for (const engine of [a, b]) {
      expect((await call(engine, 'POST', '/v1/decide', { ...request, dryRun: true })).policy.version).toBe(1);
      expect((await call(engine, 'GET', '/v1/policies/timed')).scheduledActivation).toMatchObject({
        version: 2,
        at: at.toISOString(),
      });
    }
    while (Date.now() < at.getTime() - 300) {
      expect((await call(b, 'POST', '/v1/decide', { ...request, dryRun: true })).policy.version).toBe(1);
    }
    const late = await Promise.all(
      [a, b].map((engine) =>
        liveAfter(engine, request, (d) => d.policy.version === 2, at.getTime() - performance.timeOrigin),
      ),
    );
    for (const ms of late) expect(ms).toBeLessThan(LIVE_WITHIN_MS);

    const [policyOnB, versionsOnA] = [
      await call(b, 'GET', '/v1/policies/timed'),
      await call(a, 'GET', '/v1/policies/timed/versions'),
    ];
    expect(policyOnB).toMatchObject({ activeVersion: 2, scheduledActivation: null });
    // Recorded once, at the scheduled time, although both processes saw it due.
    expect(versionsOnA.items[1].activations).toEqual([{ by: 'local', at: at.toISOString() }]);
    console.log(`scheduled activation live after its time: ${late.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
  }, 60_000);
});
