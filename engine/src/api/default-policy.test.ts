import { beforeAll, expect, it } from 'vitest';

import { createApp } from '../app';
import { describeEachStore } from '../store/testing';
import { expectClientError, get, post, type App } from '../../test-support/api';

const letterOnly = (template: string) => ({
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'send', kind: 'action', action: { type: 'letter', template, level: 1, priority: 'normal' } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'send' }],
});

const request = {
  invoice: {
    id: 'DEF-1',
    accountId: 'ACME',
    amount: 100,
    currency: 'EUR',
    issueDate: '2026-01-01',
    dueDate: '2026-01-31',
  },
  asOf: '2026-02-10',
};

describeEachStore('default policy on a store without one', (store) => {
  let app: App;
  beforeAll(() => {
    app = createApp(store.database);
  });

  it('has no default at first, so a decide naming no policy is a conflict', async () => {
    expect((await get(app, '/v1/settings/default-policy')).body).toEqual({ policyId: null });
    expectClientError(await post(app, '/v1/decide', request), 409, 'no_default_policy');
  });

  it('does not make a policy the default by publishing a version it does not activate', async () => {
    expect((await post(app, '/v1/policies', { id: 'inactive', name: 'Inactive', graph: letterOnly('a') })).status).toBe(
      201,
    );
    const published = await post(app, '/v1/policies/inactive/versions', { activate: false });
    expect(published.status, published.text).toBe(201);
    expect(published.body).toMatchObject({ version: 1, active: false });
    expect((await get(app, '/v1/policies/inactive')).body.activeVersion).toBeNull();
    expect((await get(app, '/v1/settings/default-policy')).body).toEqual({ policyId: null });
  });

  it('makes the first policy published and activated the default, which decide then uses', async () => {
    expect((await post(app, '/v1/policies', { id: 'first', name: 'First', graph: letterOnly('b') })).status).toBe(201);
    expect((await post(app, '/v1/policies/first/versions', {})).status).toBe(201);
    expect((await get(app, '/v1/settings/default-policy')).body).toEqual({ policyId: 'first' });

    const decided = await post(app, '/v1/decide', request);
    expect(decided.status, decided.text).toBe(200);
    expect(decided.body).toMatchObject({
      policy: { id: 'first', version: 1 },
      action: { type: 'letter', template: 'b' },
    });
  });
});
