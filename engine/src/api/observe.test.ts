/**
 * Operations: a JSON log line per request with its request id (the client's X-Request-Id when it
 * sends one), and Prometheus metrics: requests by route and status, latency, decisions by
 * outcome, run chunks, the outbox and the models; /metrics needs a reporting key.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { call, get, type Json } from '../../test-support/api';

describeEachStore('logs and metrics', (store) => {
  let engine: Engine;
  let admin: string;
  const lines: Json[] = [];
  const as = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(
          ...chunk
            .toString()
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l)),
        );
        done();
      },
    });
    engine = createEngine(store.database, { auth: 'keys', log: pino({ level: 'info' }, sink) });
    admin = (await engine.keys.bootstrap())!;
  });
  afterAll(() => engine.close());

  it('writes one JSON line per request, with the request id the answer carries', async () => {
    const reply = await call(engine.app, 'GET', '/v1/policies', undefined, as(admin));
    const id = reply.headers.get('x-request-id');
    expect(id).toBeTruthy();
    const mine = await call(engine.app, 'GET', '/v1/nothing', undefined, as(admin, { 'x-request-id': 'trace-42' }));
    expect(mine.headers.get('x-request-id')).toBe('trace-42');
    await new Promise((resolve) => setImmediate(resolve));
    const line = lines.find((l) => l.reqId === id);
    expect(line).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: '/v1/policies',
      status: 200,
    });
    expect(line.key).toMatch(/^[a-z0-9]{12}$/);
    expect(lines.find((l) => l.reqId === 'trace-42')).toMatchObject({
      route: 'none',
      status: 404,
      path: '/v1/nothing',
    });
    expect(lines.every((l) => l.msg !== 'request' || typeof l.reqId === 'string')).toBe(true);
  });

  it('serves Prometheus metrics to a reporting key, counting requests and decisions', async () => {
    const invoice = {
      id: 'MET-1',
      accountId: 'A',
      amount: 900,
      currency: 'EUR',
      issueDate: '2026-01-05',
      dueDate: '2026-02-04',
    };
    const decided = await call(engine.app, 'POST', '/v1/decide', { invoice, asOf: '2026-03-02' }, as(admin));
    expect(decided.status, decided.text).toBe(200);
    const reporter = (
      await call(engine.app, 'POST', '/v1/keys', { name: 'prometheus', scopes: ['reports:read'] }, as(admin))
    ).body.token;
    const decider = (await call(engine.app, 'POST', '/v1/keys', { name: 'decider', scopes: ['decide'] }, as(admin)))
      .body.token;

    expect((await get(engine.app, '/metrics')).status).toBe(401);
    expect((await call(engine.app, 'GET', '/metrics', undefined, as(decider))).status).toBe(403);
    const scraped = await call(engine.app, 'GET', '/metrics', undefined, as(reporter));
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    const text = scraped.text;
    expect(text).toContain(`dunwell_decisions_total{outcome="${decided.body.outcome}"} 1`);
    expect(text).toMatch(/dunwell_http_requests_total\{method="POST",route="\/v1\/decide",status="200"\} 1/);
    expect(text).toMatch(
      /dunwell_http_request_duration_seconds_bucket\{le="0.1",method="POST",route="\/v1\/decide"\} \d/,
    );
    expect(text).toContain('dunwell_run_chunks{status="queued"} 0');
    expect(text).toContain('# TYPE dunwell_outbox_deliveries gauge');
    expect(text).toContain('# TYPE dunwell_model_served gauge');
    expect(text).toContain('dunwell_process_cpu_seconds_total');
  });
});
