import { beforeAll, expect, it } from 'vitest';

import { createApp } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { expectClientError, loggedFor, post, sampleRequest, type App, type Json } from '../../test-support/api';

const paths = (reply: Json): string[] => reply.body.error.issues.map((i: Json) => i.path);

describeEachStore('decide API: client mistakes', (store) => {
  let app: App;
  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    app = createApp(store.database);
  });

  it('answers malformed JSON with 400 and logs nothing', async () => {
    const reply = await post(app, '/v1/decide', '{"invoice": {"id": "ERR-JSON", "accountId": "ACME",');
    expectClientError(reply, 400, 'malformed_request');
    expect(await loggedFor(app, 'ERR-JSON')).toEqual([]);
  });

  it('answers wrong types with 400 and the path of each bad field', async () => {
    const request: Json = sampleRequest({ invoiceId: 'ERR-TYPES' });
    request.invoice.amount = 'twelve thousand';
    request.invoice.dueDate = '2026-02-30';
    request.account.emailAllowed = 'yes';
    const reply = await post(app, '/v1/decide', request);
    expectClientError(reply, 400, 'invalid_request');
    expect(paths(reply).sort()).toEqual(['account.emailAllowed', 'invoice.amount', 'invoice.dueDate']);
    expect(await loggedFor(app, 'ERR-TYPES')).toEqual([]);
  });

  it('answers an unknown field with 400 naming the field', async () => {
    const top = await post(app, '/v1/decide', { ...sampleRequest({ invoiceId: 'ERR-FIELD' }), colour: 'red' });
    expectClientError(top, 400, 'invalid_request');
    expect(top.body.error.issues).toEqual([{ path: 'colour', message: expect.stringContaining('colour') }]);

    const request: Json = sampleRequest({ invoiceId: 'ERR-FIELD' });
    request.invoice.dueInDays = 30;
    const nested = await post(app, '/v1/decide', request);
    expectClientError(nested, 400, 'invalid_request');
    expect(nested.body.error.issues).toEqual([
      { path: 'invoice.dueInDays', message: expect.stringContaining('dueInDays') },
    ]);
    expect(await loggedFor(app, 'ERR-FIELD')).toEqual([]);
  });

  it('answers an unknown policy with 404', async () => {
    const reply = await post(app, '/v1/decide', {
      ...sampleRequest({ invoiceId: 'ERR-POLICY' }),
      policyId: 'no-such-policy',
    });
    expectClientError(reply, 404, 'policy_not_found');
    expect(reply.body.error.message).toContain('no-such-policy');
    expect(await loggedFor(app, 'ERR-POLICY')).toEqual([]);
  });

  it('answers a due date before the issue date with 422', async () => {
    const request: Json = sampleRequest({ invoiceId: 'ERR-DUE' });
    request.invoice.dueDate = '2026-02-28';
    const reply = await post(app, '/v1/decide', request);
    expectClientError(reply, 422, 'unprocessable_request');
    expect(paths(reply)).toEqual(['invoice.dueDate']);
    expect(await loggedFor(app, 'ERR-DUE')).toEqual([]);
  });

  it('answers a decision date before the issue date with 422', async () => {
    const reply = await post(app, '/v1/decide', sampleRequest({ invoiceId: 'ERR-ASOF', asOf: '2026-02-28T23:59:59Z' }));
    expectClientError(reply, 422, 'unprocessable_request');
    expect(paths(reply)).toEqual(['asOf']);
    expect(await loggedFor(app, 'ERR-ASOF')).toEqual([]);
  });

  it('answers an Idempotency-Key reused with another body with 409, and keeps the first decision logged once', async () => {
    const headers = { 'Idempotency-Key': 'err-key-1' };
    const first = await post(app, '/v1/decide', sampleRequest({ invoiceId: 'ERR-KEY', asOf: '2026-04-01' }), headers);
    expect(first.status, first.text).toBe(200);

    const other = await post(app, '/v1/decide', sampleRequest({ invoiceId: 'ERR-KEY', asOf: '2026-04-02' }), headers);
    expectClientError(other, 409, 'idempotency_key_reused');

    const logged = await loggedFor(app, 'ERR-KEY');
    expect(logged.map((l: Json) => l.decision.decisionId)).toEqual([first.body.decisionId]);
  });

  it('answers a batch of 10,001 items with 413 and logs none of them', async () => {
    const items = Array.from({ length: 10_001 }, (_, i) =>
      sampleRequest({ invoiceId: i === 0 ? 'ERR-BATCH' : `ERR-BATCH-${i}` }),
    );
    const reply = await post(app, '/v1/decide/batch', { items });
    expectClientError(reply, 413, 'batch_too_large');
    expect(await loggedFor(app, 'ERR-BATCH')).toEqual([]);
    expect(await loggedFor(app, 'ERR-BATCH-10000')).toEqual([]);
  });

  it('answers a batch body that is not a list of items with 400', async () => {
    expectClientError(await post(app, '/v1/decide/batch', { items: 'all of them' }), 400, 'invalid_request');
    expectClientError(await post(app, '/v1/decide/batch', [sampleRequest()]), 400, 'invalid_request');
  });
});
