/**
 * API keys and scopes over every operation of the OpenAPI document: no key is a 401, a key without
 * the operation's scope a 403, a key with it gets past the check. A key's token is shown once and
 * only its hash is kept; a revoked key stops working. Four-eyes publishing, and an audit row for
 * each write.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../app';
import { SCOPES, type Scope } from '../auth/scopes';
import { seedSamplePolicy } from '../seed';
import { InProcessQueue } from '../runs/queue';
import { describeEachStore, queryRows } from '../store/testing';
import { always } from '../../test-support/policies';
import { call, expectClientError, get, type Json } from '../../test-support/api';

interface Operation {
  method: string;
  path: string;
  /** Any one of these scopes passes; empty: any valid key. */
  scopes: string[];
}

function operationsOf(doc: Json): Operation[] {
  return Object.entries<Json>(doc.paths).flatMap(([path, methods]) =>
    Object.entries<Json>(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      // Path parameters filled with a value that exists nowhere: the answer after the scope check is a 4xx.
      path: path.replace(/\{[^}]+\}/g, 'none'),
      scopes: (op.security ?? [undefined]).flatMap((s: Json) => (s ? Object.values<string[]>(s).flat() : ['MISSING'])),
    })),
  );
}

/**
 * A moment later than every audit row written so far: rows are stamped to the millisecond, so one
 * written in the same millisecond as `new Date()` would count as after it.
 */
async function afterEarlierWrites(): Promise<Date> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return new Date();
}

describeEachStore('API keys and scopes', (store) => {
  let engine: Engine;
  let admin: string;
  const keyWith = new Map<Scope, string>();
  const queue = new InProcessQueue();
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, { auth: 'keys', runQueue: queue });
    admin = (await engine.keys.bootstrap())!;
    for (const scope of SCOPES) {
      const made = await call(engine.app, 'POST', '/v1/keys', { name: `only ${scope}`, scopes: [scope] }, as(admin));
      expect(made.status, made.text).toBe(201);
      keyWith.set(scope, made.body.token);
    }
  });
  afterAll(() => engine.close());

  it('declares a scope for every operation, and the bearer scheme', async () => {
    const doc = (await get(engine.app, '/openapi.json')).body;
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter((o) => o.scopes.includes('MISSING'))).toEqual([]);
  });

  it('answers every operation 401 without a key, or with an unknown one, whatever the path', async () => {
    const doc = (await get(engine.app, '/openapi.json')).body;
    for (const op of [...operationsOf(doc), { method: 'GET', path: '/v1/no-such-route', scopes: [] }]) {
      for (const headers of [{}, as(`dw_000000000000_${'A'.repeat(43)}`), { authorization: 'Basic YTpi' }]) {
        const reply = await call(engine.app, op.method, op.path, op.method === 'GET' ? undefined : {}, headers);
        expectClientError(reply, 401, 'unauthenticated');
        expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
  });

  it('answers 403 to a key without the operation\u2019s scope, and lets a key with it past the check', async () => {
    const doc = (await get(engine.app, '/openapi.json')).body;
    // Only reads and writes that cannot change anything here (paths name nothing that exists).
    for (const op of operationsOf(doc)) {
      const body = op.method === 'GET' ? undefined : {};
      for (const scope of SCOPES) {
        const reply = await call(engine.app, op.method, op.path, body, as(keyWith.get(scope)!));
        const passes = op.scopes.length === 0 || op.scopes.includes(scope) || scope === 'admin';
        if (passes) expect([401, 403], `${op.method} ${op.path} with ${scope}`).not.toContain(reply.status);
        else expectClientError(reply, 403, 'forbidden');
      }
    }
  });

  it('shows a token once, keeps only its hash, and a revoked key stops working', async () => {
    const made = await call(engine.app, 'POST', '/v1/keys', { name: 'reporting', scopes: ['reports:read'] }, as(admin));
    expect(made.body.token).toMatch(/^dw_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const me = await call(engine.app, 'GET', '/v1/keys/me', undefined, as(made.body.token));
    expect(me.body).toEqual({ id: made.body.id, name: 'reporting', scopes: ['reports:read'] });

    const listed = await call(engine.app, 'GET', '/v1/keys', undefined, as(admin));
    expect(listed.text).not.toContain(made.body.token.slice(16));
    expect(listed.body.items.find((k: Json) => k.id === made.body.id)).toEqual({
      id: made.body.id,
      name: 'reporting',
      scopes: ['reports:read'],
      createdBy: expect.any(String),
      createdAt: expect.any(String),
      revokedAt: null,
    });
    const [row] = await queryRows(store.db, sql`select secret_hash from api_keys where id = ${made.body.id}`);
    expect(row!['secret_hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(made.body.token.slice(16));

    expect((await call(engine.app, 'DELETE', `/v1/keys/${made.body.id}`, undefined, as(admin))).status).toBe(200);
    expectClientError(
      await call(engine.app, 'GET', '/v1/keys/me', undefined, as(made.body.token)),
      401,
      'unauthenticated',
    );
    expectClientError(
      await call(engine.app, 'DELETE', `/v1/keys/${made.body.id}`, undefined, as(admin)),
      404,
      'key_not_found',
    );
  });

  it('refuses to let the key that edited a draft publish it, records author, publisher and activator', async () => {
    const editor = (
      await call(
        engine.app,
        'POST',
        '/v1/keys',
        { name: 'ana', scopes: ['policies:edit', 'policies:publish'] },
        as(admin),
      )
    ).body;
    const reviewer = (
      await call(engine.app, 'POST', '/v1/keys', { name: 'ben', scopes: ['policies:publish'] }, as(admin))
    ).body;
    const created = await call(
      engine.app,
      'POST',
      '/v1/policies',
      { id: 'four-eyes', name: 'Four eyes', graph: always('email', 'first') },
      as(editor.token),
    );
    expect(created.status, created.text).toBe(201);

    const own = await call(engine.app, 'POST', '/v1/policies/four-eyes/versions', { note: 'mine' }, as(editor.token));
    expectClientError(own, 403, 'four_eyes');
    const other = await call(
      engine.app,
      'POST',
      '/v1/policies/four-eyes/versions',
      { note: 'reviewed' },
      as(reviewer.token),
    );
    expect(other.status, other.text).toBe(201);
    expect(other.body).toMatchObject({ version: 1, author: editor.id, publisher: reviewer.id, active: true });

    // The reviewer edits next: now the first editor may publish, and the reviewer may not.
    const adminId = (await call(engine.app, 'GET', '/v1/keys/me', undefined, as(admin))).body.id;
    await call(engine.app, 'PUT', '/v1/policies/four-eyes/draft', { graph: always('letter', 'second') }, as(admin));
    const byAdmin = await call(engine.app, 'POST', '/v1/policies/four-eyes/versions', { note: 'own edit' }, as(admin));
    expectClientError(byAdmin, 403, 'four_eyes');
    const v2 = await call(engine.app, 'POST', '/v1/policies/four-eyes/versions', { note: 'second' }, as(editor.token));
    expect(v2.status, v2.text).toBe(201);
    await call(engine.app, 'POST', '/v1/policies/four-eyes/versions/1/activate', undefined, as(reviewer.token));
    const versions = (await call(engine.app, 'GET', '/v1/policies/four-eyes/versions', undefined, as(admin))).body
      .items;
    expect(versions.map((v: Json) => [v.version, v.author, v.publisher, v.activations.map((a: Json) => a.by)])).toEqual(
      [
        [1, editor.id, reviewer.id, [reviewer.id, reviewer.id]],
        [2, adminId, editor.id, [editor.id]],
      ],
    );

    // A one-person team turns it off.
    expect((await call(engine.app, 'PUT', '/v1/settings/four-eyes', { enabled: false }, as(admin))).body).toEqual({
      enabled: false,
    });
    await call(engine.app, 'PUT', '/v1/policies/four-eyes/draft', { graph: always('sms', 'third') }, as(editor.token));
    expect((await call(engine.app, 'POST', '/v1/policies/four-eyes/versions', {}, as(editor.token))).status).toBe(201);
    await call(engine.app, 'PUT', '/v1/settings/four-eyes', { enabled: true }, as(admin));
  });

  it('writes an audit row for each write, with who, what, when and the ids before and after; never a secret', async () => {
    const started = await afterEarlierWrites();
    const made = await call(engine.app, 'POST', '/v1/keys', { name: 'audited', scopes: ['ledger:write'] }, as(admin));
    const invoice = {
      invoiceId: 'AUD-1',
      accountId: 'A',
      issueDate: '2026-01-01',
      dueDate: '2026-02-01',
      amount: 10,
      currency: 'EUR',
      settledDate: null,
      disputed: null,
    };
    await call(engine.app, 'POST', '/v1/ledger/invoices', { invoices: [invoice] }, as(made.body.token));
    await call(engine.app, 'POST', '/v1/policies/four-eyes/versions/2/activate', undefined, as(admin));
    await call(engine.app, 'PUT', '/v1/settings/default-policy', { policyId: 'four-eyes' }, as(admin));
    await call(engine.app, 'POST', '/v1/decide', { invoiceId: 'AUD-1', asOf: '2026-03-01' }, as(admin));
    await call(engine.app, 'POST', '/v1/policies/four-eyes/validate', {}, as(admin));

    const audit = await call(
      engine.app,
      'GET',
      `/v1/audit?from=${encodeURIComponent(started.toISOString())}`,
      undefined,
      as(admin),
    );
    expect(audit.status, audit.text).toBe(200);
    const rows: Json[] = [...audit.body.items].reverse();
    expect(rows.map((r) => [r.actor, r.action, r.target])).toEqual([
      [expect.any(String), 'POST /v1/keys', '/v1/keys'],
      [made.body.id, 'POST /v1/ledger/invoices', '/v1/ledger/invoices'],
      [
        expect.any(String),
        'POST /v1/policies/{id}/versions/{version}/activate',
        '/v1/policies/four-eyes/versions/2/activate',
      ],
      [expect.any(String), 'PUT /v1/settings/default-policy', '/v1/settings/default-policy'],
    ]);
    expect(rows[0].after).toMatchObject({ id: made.body.id, name: 'audited' });
    expect(JSON.stringify(rows)).not.toContain(made.body.token.slice(16));
    expect(rows[1].after.request.invoices).toEqual({ count: 1, ids: ['AUD-1'] });
    expect(rows[2].before).toEqual({ activeVersion: 3 });
    expect(rows[2].after).toEqual({ policyId: 'four-eyes', activeVersion: 2, scheduledActivation: null });
    expect(rows[3].before).toMatchObject({ policyId: expect.any(String) });
    expect(rows[3].after).toEqual({ policyId: 'four-eyes' });

    const byKey = await call(engine.app, 'GET', `/v1/audit?actor=${made.body.id}`, undefined, as(admin));
    expect(byKey.body.items.map((r: Json) => r.action)).toEqual(['POST /v1/ledger/invoices']);
    const page = await call(
      engine.app,
      'GET',
      `/v1/audit?limit=2&from=${encodeURIComponent(started.toISOString())}`,
      undefined,
      as(admin),
    );
    const next = await call(
      engine.app,
      'GET',
      `/v1/audit?limit=2&from=${encodeURIComponent(started.toISOString())}&cursor=${page.body.nextCursor}`,
      undefined,
      as(admin),
    );
    expect([...page.body.items, ...next.body.items].map((r: Json) => r.id)).toEqual(
      audit.body.items.map((r: Json) => r.id),
    );
    await expect(store.db.execute(sql`delete from audit_log`)).rejects.toMatchObject({
      cause: expect.objectContaining({ message: 'audit_log is append-only' }),
    });
  });

  it('writes one audit row for each kind of write, in order, and none for a refused one', async () => {
    const since = encodeURIComponent((await afterEarlierWrites()).toISOString());
    const w = (method: string, path: string, body?: unknown) => call(engine.app, method, path, body, as(admin));
    const ok = async (pending: ReturnType<typeof w>) => {
      const reply = await pending;
      expect(reply.status, reply.text).toBeLessThan(300);
      return reply.body;
    };
    const done: string[] = [];
    const write = async (action: string, path: string, body?: unknown) => {
      const answer = await ok(w(action.split(' ')[0]!, path, body));
      done.push(action);
      return answer;
    };
    const invoice = { invoiceId: 'AUD-I', accountId: 'AUD-A', issueDate: '2026-03-01', dueDate: '2026-03-20' };
    await write('PUT /v1/settings/four-eyes', '/v1/settings/four-eyes', { enabled: false });
    await write('POST /v1/policies', '/v1/policies', {
      id: 'audit-all',
      name: 'Audit all',
      graph: always('email', 'a'),
    });
    await write('PUT /v1/policies/{id}/draft', '/v1/policies/audit-all/draft', { graph: always('letter', 'b') });
    await write('POST /v1/policies/{id}/versions', '/v1/policies/audit-all/versions', { note: 'v1' });
    await write('PUT /v1/policies/{id}/draft', '/v1/policies/audit-all/draft', { graph: always('email', 'c') });
    await write('POST /v1/policies/{id}/versions', '/v1/policies/audit-all/versions', { note: 'v2' });
    await write('POST /v1/policies/{id}/versions/{version}/activate', '/v1/policies/audit-all/versions/1/activate');
    await write('PUT /v1/settings/default-policy', '/v1/settings/default-policy', { policyId: 'audit-all' });
    const rules = await ok(w('GET', '/v1/settings/contact-rules'));
    await write('PUT /v1/settings/contact-rules', '/v1/settings/contact-rules', rules);
    const schedule = { enabled: false, at: '06:00', policyId: null };
    await write('PUT /v1/settings/run-schedule', '/v1/settings/run-schedule', schedule);
    await write('PUT /v1/settings/four-eyes', '/v1/settings/four-eyes', { enabled: true });
    await write('PUT /v1/settings/fx-rates', '/v1/settings/fx-rates', {
      reportingCurrency: 'EUR',
      rates: { USD: 0.9 },
    });
    const account = {
      id: 'AUD-A',
      country: 'GB',
      timeZone: 'Europe/London',
      emailAllowed: true,
      smsAllowed: true,
      callAllowed: true,
    };
    await write('POST /v1/ledger/accounts', '/v1/ledger/accounts', { accounts: [account] });
    const open = { ...invoice, amount: 500, currency: 'GBP', settledDate: null, disputed: null };
    await write('POST /v1/ledger/invoices', '/v1/ledger/invoices', { invoices: [open] });
    const payment = { id: 'AUD-P', invoiceId: 'AUD-I', amount: 10, paidOn: '2026-03-25' };
    await write('POST /v1/ledger/payments', '/v1/ledger/payments', { payments: [payment] });
    const dispute = {
      id: 'AUD-D',
      invoiceId: 'AUD-I',
      openedOn: '2026-03-26',
      resolvedOn: '2026-03-27',
      reason: 'price',
    };
    await write('POST /v1/ledger/disputes', '/v1/ledger/disputes', { disputes: [dispute] });
    const promise = { id: 'AUD-R', invoiceId: 'AUD-I', madeOn: '2026-03-28', promisedDate: '2026-03-29' };
    await write('POST /v1/ledger/promises', '/v1/ledger/promises', { promises: [promise] });
    const hook = await write('POST /v1/webhooks', '/v1/webhooks', {
      url: 'http://127.0.0.1:9/h',
      events: ['action.decided'],
    });
    await write('POST /v1/runs', '/v1/runs', { asOf: '2026-04-08' });
    await queue.idle();
    const events: Json[] = (await ok(w('GET', '/v1/invoices/AUD-I/timeline'))).events;
    const action = events.find((e) => e.kind === 'action');
    await write('POST /v1/actions/{id}/status', `/v1/actions/${action.id}/status`, { status: 'delivered' });
    await write('DELETE /v1/webhooks/{id}', `/v1/webhooks/${hook.id}`);
    const key = await write('POST /v1/keys', '/v1/keys', { name: 'short-lived', scopes: ['decide'] });
    await write('DELETE /v1/keys/{id}', `/v1/keys/${key.id}`);
    // Refused writes and operations that change nothing leave no row.
    expect((await w('POST', '/v1/policies/audit-all/versions', {})).status).toBeGreaterThanOrEqual(400);
    expect((await w('PUT', '/v1/settings/run-schedule', { ...schedule, policyId: 'nope' })).status).toBe(404);
    expect((await w('POST', '/v1/policies/audit-all/validate', {})).status).toBe(200);

    const audit = await ok(w('GET', `/v1/audit?from=${since}&limit=500`));
    expect(audit.items.map((r: Json) => r.action).reverse()).toEqual(done);
    const fourEyes = audit.items.filter((r: Json) => r.action === 'PUT /v1/settings/four-eyes').reverse();
    expect(fourEyes.map((r: Json) => [r.before, r.after])).toEqual([
      [{ enabled: true }, { enabled: false }],
      [{ enabled: false }, { enabled: true }],
    ]);
    expect(audit.items.every((r: Json) => r.actorName === 'first admin' && r.status < 300)).toBe(true);
  });
});
