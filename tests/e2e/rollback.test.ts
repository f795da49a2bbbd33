/** Publishing and rolling back a policy over HTTP: decide follows the active version at once. */
import { expect, it } from 'vitest';

import { always, client, CONTACT_RULES_OFF, describeEachServer, invoiceRequest } from './support';

describeEachServer('rollback', (server) => {
  const api = client(server);
  const decide = (asOf: string) => api.decide(invoiceRequest({ invoiceId: 'RB-1', asOf, policyId: 'e2e-rollback' }));

  it('decides with the newest version, and with the older one as soon as it is activated again', async () => {
    // Versions here; the contact rules have their own suite.
    await api.put('/v1/settings/contact-rules', CONTACT_RULES_OFF);
    await api.post('/v1/policies', { id: 'e2e-rollback', name: 'Rollback test', graph: always('email', 'hello') }, 201);
    const v1 = await api.post('/v1/policies/e2e-rollback/versions', { note: 'always email' }, 201);
    expect(v1).toMatchObject({ version: 1, active: true });
    expect(await decide('2026-04-02')).toMatchObject({
      policy: { id: 'e2e-rollback', version: 1, contentHash: v1.contentHash },
      outcome: 'action',
      action: { type: 'email', template: 'hello' },
    });

    const policy = await api.raw('GET', '/v1/policies/e2e-rollback');
    expect(policy.headers.get('etag')).toBe('"1"');
    await api.put('/v1/policies/e2e-rollback/draft', { graph: always('letter', 'paper') }, 200, { 'If-Match': '"1"' });
    const v2 = await api.post('/v1/policies/e2e-rollback/versions', { note: 'always letter' }, 201);
    expect(v2).toMatchObject({ version: 2, active: true });

    const withV2 = await decide('2026-04-03');
    expect(withV2).toMatchObject({
      policy: { version: 2, contentHash: v2.contentHash },
      action: { type: 'letter', template: 'paper' },
    });

    expect(await api.post('/v1/policies/e2e-rollback/versions/1/activate')).toEqual({
      policyId: 'e2e-rollback',
      activeVersion: 1,
      scheduledActivation: null,
    });
    const rolledBack = await decide('2026-04-04');
    expect(rolledBack).toMatchObject({
      policy: { version: 1, contentHash: v1.contentHash },
      action: { type: 'email', template: 'hello' },
    });

    // The log keeps which version made each decision.
    const logged = await api.get(`/v1/decisions/${withV2.decisionId}`);
    expect(logged.decision.policy.version).toBe(2);
    const { items } = await api.get('/v1/decisions?invoiceId=RB-1');
    expect(items.map((i: { decision: { policy: { version: number } } }) => i.decision.policy.version)).toEqual([
      1, 2, 1,
    ]);

    // The default policy is untouched by all this.
    expect((await api.decide(invoiceRequest({ invoiceId: 'RB-2', asOf: '2026-04-04' }))).policy.id).toBe(
      'standard-b2b',
    );
  });
});
