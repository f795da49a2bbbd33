import { beforeAll, expect, it } from 'vitest';

import { createApp } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { call, expectClientError, get, post, put, type App, type Json } from '../../test-support/api';

const at = (x: number, y: number) => ({ x, y });

/** v1: every invoice gets a letter. */
const lettersV1 = () => ({
  nodes: [
    { id: 'start', kind: 'start', position: at(0, 0) },
    {
      id: 'send',
      kind: 'action',
      action: { type: 'letter', template: 'notice', level: 1, priority: 'normal' },
      position: at(0, 100),
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'send' }],
});

/** v2: disputed invoices stop; the letter changes its template. */
const lettersV2 = (dx = 0) => ({
  nodes: [
    { id: 'start', kind: 'start', position: at(dx, 0) },
    {
      id: 'check',
      kind: 'condition',
      predicate: { fact: 'disputed', operator: 'equal', value: true },
      position: at(dx, 100),
    },
    { id: 'stop', kind: 'stop', reason: 'disputed', position: at(dx + 200, 100) },
    {
      id: 'send',
      kind: 'action',
      action: { type: 'letter', template: 'notice-2', level: 1, priority: 'normal' },
      position: at(dx, 200),
    },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'yes', target: 'stop' },
    { id: 'e3', source: 'check', sourceHandle: 'no', target: 'send' },
  ],
});

/** Well-formed but invalid: the condition tests a fact the catalogue does not have. */
const unknownFactGraph = () => ({
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'shoes', kind: 'condition', predicate: { fact: 'shoeSize', operator: 'greaterThan', value: 42 } },
    { id: 'send', kind: 'action', action: { type: 'letter', template: 'notice', level: 1, priority: 'normal' } },
    { id: 'halt', kind: 'stop', reason: 'paid' },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'shoes' },
    { id: 'e2', source: 'shoes', sourceHandle: 'yes', target: 'send' },
    { id: 'e3', source: 'shoes', sourceHandle: 'no', target: 'halt' },
  ],
});

describeEachStore('policies API', (store) => {
  let app: App;
  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    app = createApp(store.database);
  });

  it('creates a policy (201), refuses a duplicate id (409) and an invalid body (400 with issues)', async () => {
    const created = await post(app, '/v1/policies', {
      id: 'letters',
      name: 'Letters only',
      description: 'Paper',
      graph: lettersV1(),
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      id: 'letters',
      name: 'Letters only',
      description: 'Paper',
      activeVersion: null,
      isDefault: false,
      draft: { revision: 1, graph: lettersV1(), diagnostics: [] },
    });

    const duplicate = await post(app, '/v1/policies', { id: 'letters', name: 'Again', graph: lettersV1() });
    expectClientError(duplicate, 409, 'policy_exists');

    const invalid = await post(app, '/v1/policies', { id: 'Not Valid!', graph: { nodes: 'none' } });
    expectClientError(invalid, 400, 'invalid_request');
    const paths = invalid.body.error.issues.map((i: Json) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'name', 'graph.nodes']));

    const blank = await post(app, '/v1/policies', { id: 'blank', name: 'Blank canvas' });
    expect(blank.status).toBe(201);
    expect(blank.body.draft.graph.nodes).toEqual([expect.objectContaining({ id: 'start', kind: 'start' })]);
  });

  it('lists policies with id, name, active version and the default flag', async () => {
    const list = await get(app, '/v1/policies');
    expect(list.status).toBe(200);
    const byId = Object.fromEntries(list.body.items.map((p: Json) => [p.id, p]));
    expect(Object.keys(byId).sort()).toEqual(['blank', 'letters', 'standard-b2b']);
    expect(byId['standard-b2b']).toMatchObject({ name: 'Standard B2B dunning', activeVersion: 1, isDefault: true });
    expect(byId['letters']).toMatchObject({
      name: 'Letters only',
      activeVersion: null,
      isDefault: false,
      draftRevision: 1,
    });
  });

  it('gets one policy with its draft, the ETag naming the draft revision; 404 for an unknown one', async () => {
    const found = await get(app, '/v1/policies/letters');
    expect(found.status).toBe(200);
    expect(found.headers.get('etag')).toBe('"1"');
    expect(found.body.draft).toEqual({ graph: lettersV1(), revision: 1, diagnostics: [] });

    expectClientError(await get(app, '/v1/policies/nope'), 404, 'policy_not_found');
  });

  it('saves an invalid draft with its diagnostics, and refuses a stale If-Match', async () => {
    const saved = await put(app, '/v1/policies/letters/draft', { graph: unknownFactGraph() }, { 'If-Match': '"1"' });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');
    expect(saved.body.revision).toBe(2);
    expect(saved.body.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_FACT', severity: 'error', nodeId: 'shoes' }),
    );

    const stale = await put(app, '/v1/policies/letters/draft', { graph: lettersV1() }, { 'If-Match': '"1"' });
    expectClientError(stale, 409, 'revision_mismatch');

    const after = await get(app, '/v1/policies/letters');
    expect(after.headers.get('etag')).toBe('"2"');
    expect(after.body.draft.graph).toEqual(unknownFactGraph());
    expect(after.body.draft.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_FACT', nodeId: 'shoes' }),
    );

    expectClientError(await put(app, '/v1/policies/nope/draft', { graph: lettersV1() }), 404, 'policy_not_found');
  });

  it('validates the stored draft, or a graph sent', async () => {
    const stored = await post(app, '/v1/policies/letters/validate');
    expect(stored.status, stored.text).toBe(200);
    expect(stored.body.valid).toBe(false);
    expect(stored.body.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_FACT', severity: 'error', nodeId: 'shoes' }),
    );

    const sent = await post(app, '/v1/policies/letters/validate', { graph: lettersV1() });
    expect(sent.body).toEqual({ valid: true, diagnostics: [] });

    const noStart = await post(app, '/v1/policies/letters/validate', { graph: { nodes: [], edges: [] } });
    expect(noStart.body.valid).toBe(false);
    expect(noStart.body.diagnostics.map((d: Json) => d.code)).toContain('NO_START');

    expectClientError(await post(app, '/v1/policies/nope/validate'), 404, 'policy_not_found');
    expectClientError(await post(app, '/v1/policies/nope/validate', { graph: lettersV1() }), 404, 'policy_not_found');
  });

  it('refuses to publish a draft with errors (422, issues naming the node)', async () => {
    const refused = await post(app, '/v1/policies/letters/versions', { note: 'broken' });
    expectClientError(refused, 422, 'draft_has_errors');
    expect(refused.body.error.issues).toContainEqual({
      path: 'shoes',
      message: expect.stringContaining('UNKNOWN_FACT'),
    });
    expect((await get(app, '/v1/policies/letters/versions')).body.items).toEqual([]);
  });

  it('publishes version 1 and makes it active', async () => {
    expect((await put(app, '/v1/policies/letters/draft', { graph: lettersV1() }, { 'If-Match': '"2"' })).status).toBe(
      200,
    );
    const published = await post(app, '/v1/policies/letters/versions', { note: 'first' });
    expect(published.status, published.text).toBe(201);
    expect(published.body).toMatchObject({
      version: 1,
      active: true,
      note: 'first',
      contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect((await get(app, '/v1/policies/letters')).body.activeVersion).toBe(1);
  });

  it('refuses to publish content equal to the active version (409), also after a layout-only change', async () => {
    expectClientError(await post(app, '/v1/policies/letters/versions', {}), 409, 'unchanged');

    const moved = lettersV1();
    moved.nodes[1]!.position = at(400, 700);
    expect(
      (await put(app, '/v1/policies/letters/draft', { graph: { ...moved, viewport: { x: 5, y: 5, zoom: 2 } } })).status,
    ).toBe(200);
    expectClientError(await post(app, '/v1/policies/letters/versions', { note: 'moved' }), 409, 'unchanged');
    expect((await get(app, '/v1/policies/letters/versions')).body.items).toHaveLength(1);
  });

  it('publishes a changed draft as version 2, and lists and gets versions', async () => {
    expect((await put(app, '/v1/policies/letters/draft', { graph: lettersV2() })).status).toBe(200);
    const v2 = await post(app, '/v1/policies/letters/versions', { note: 'stop disputes' });
    expect(v2.status, v2.text).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, active: true });

    const list = await get(app, '/v1/policies/letters/versions');
    expect(list.body.items.map((v: Json) => [v.version, v.active, v.note])).toEqual([
      [1, false, 'first'],
      [2, true, 'stop disputes'],
    ]);
    expect(list.body.items[0].contentHash).not.toBe(list.body.items[1].contentHash);

    const one = await get(app, '/v1/policies/letters/versions/1');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ version: 1, active: false, note: 'first', graph: lettersV1() });

    expectClientError(await get(app, '/v1/policies/letters/versions/9'), 404, 'version_not_found');
    expectClientError(await get(app, '/v1/policies/nope/versions'), 404, 'policy_not_found');
    expectClientError(await get(app, '/v1/policies/nope/versions/1'), 404, 'policy_not_found');
    expectClientError(await get(app, '/v1/policies/letters/versions/one'), 400, 'invalid_request');
  });

  it('serves the compiled rule set in the format of docs/rule-set.md', async () => {
    const rules = await get(app, '/v1/policies/standard-b2b/versions/1/rules');
    expect(rules.status).toBe(200);
    const version = await get(app, '/v1/policies/standard-b2b/versions/1');
    expect(rules.body).toMatchObject({
      schemaVersion: 1,
      policyId: 'standard-b2b',
      version: 1,
      contentHash: version.body.contentHash,
      options: { allowUndefinedFacts: true },
    });
    expect(Object.keys(rules.body).sort()).toEqual([
      'conditions',
      'contentHash',
      'options',
      'policyId',
      'requiredFacts',
      'rules',
      'schemaVersion',
      'version',
    ]);
    expect(Object.keys(rules.body.conditions).length).toBeGreaterThan(0);
    // One rule per place a decision can end: the 11 actions and stops, and the wait (held).
    expect(rules.body.rules.map((r: Json) => r.event.params.nodeId).sort()).toEqual([
      'call',
      'email-1',
      'email-2',
      'escalate',
      'final-letter',
      'friendly',
      'pre-due',
      'sms',
      'stop-disputed',
      'stop-escalated',
      'stop-paid',
      'stop-promise',
    ]);
    for (const rule of rules.body.rules) {
      expect(rule).toMatchObject({
        conditions: expect.any(Object),
        event: { type: 'decision', params: { nodeId: expect.any(String) } },
      });
    }
    expect(rules.body.requiredFacts).toEqual(
      expect.arrayContaining(['openAmount', 'disputed', 'promiseActive', 'daysPastDue', 'lastActionType', 'lateRate']),
    );
    // The sample relies on the memory of steps, not on step counts.
    expect(rules.body.requiredFacts).not.toContain('stepsTaken');
    // A plain json-rules-engine caller must supply the split bucket too.
    expect(rules.body.requiredFacts).toContain('split.channel-test');

    expectClientError(await get(app, '/v1/policies/standard-b2b/versions/2/rules'), 404, 'version_not_found');
    expectClientError(await get(app, '/v1/policies/nope/versions/1/rules'), 404, 'policy_not_found');
  });

  it('diffs versions: nodes and edges added, removed and changed; moves alone are identical', async () => {
    const diff = await get(app, '/v1/policies/letters/diff?from=1&to=2');
    expect(diff.status, diff.text).toBe(200);
    const { nodes, edges } = diff.body;
    expect(diff.body.identical).toBe(false);
    expect(nodes.added.map((n: Json) => n.id).sort()).toEqual(['check', 'stop']);
    expect(nodes.removed).toEqual([]);
    expect(nodes.changed).toEqual([
      expect.objectContaining({
        id: 'send',
        before: expect.objectContaining({ action: expect.objectContaining({ template: 'notice' }) }),
        after: expect.objectContaining({ action: expect.objectContaining({ template: 'notice-2' }) }),
      }),
    ]);
    const key = (e: Json) => `${e.source}:${e.sourceHandle}:${e.target}`;
    expect(edges.added.map(key).sort()).toEqual(['check:no:send', 'check:yes:stop', 'start:next:check']);
    expect(edges.removed.map(key)).toEqual(['start:next:send']);

    // The draft is version 2 moved 300 to the right, with new edge ids: no change.
    const moved = lettersV2(300);
    moved.edges = moved.edges.map((e) => ({ ...e, id: `${e.id}-redrawn` }));
    expect((await put(app, '/v1/policies/letters/draft', { graph: moved })).status).toBe(200);
    const same = await get(app, '/v1/policies/letters/diff?from=2&to=draft');
    expect(same.body).toMatchObject({
      from: '2',
      to: 'draft',
      identical: true,
      nodes: { added: [], removed: [], changed: [] },
      edges: { added: [], removed: [] },
    });

    expectClientError(await get(app, '/v1/policies/letters/diff?from=latest&to=2'), 400, 'invalid_request');
    expectClientError(await get(app, '/v1/policies/letters/diff?from=1&to=5'), 404, 'version_not_found');
    // Past PostgreSQL's integers: refused at the door, not a failed query (found by pnpm fuzz).
    const huge = await get(app, '/v1/policies/letters/diff?from=3169662820&to=2');
    expectClientError(huge, 400, 'invalid_request');
    expect(huge.body.error.issues[0].path).toBe('from');
    expectClientError(await get(app, '/v1/policies/letters/versions/99999999999'), 400, 'invalid_request');
    expectClientError(await get(app, '/v1/policies/letters/versions/2147483647'), 404, 'version_not_found');
    expectClientError(await get(app, '/v1/policies/nope/diff?from=1&to=2'), 404, 'policy_not_found');
  });

  it('activates an older version (rollback); 404 for an unknown version or policy', async () => {
    const rolled = await post(app, '/v1/policies/letters/versions/1/activate');
    expect(rolled.status, rolled.text).toBe(200);
    expect(rolled.body).toEqual({ policyId: 'letters', activeVersion: 1, scheduledActivation: null });
    expect((await get(app, '/v1/policies/letters')).body.activeVersion).toBe(1);
    const list = await get(app, '/v1/policies/letters/versions');
    expect(list.body.items.map((v: Json) => v.active)).toEqual([true, false]);
    expect((await get(app, '/v1/policies/letters/versions/1')).body.active).toBe(true);

    expectClientError(await post(app, '/v1/policies/letters/versions/7/activate'), 404, 'version_not_found');
    expectClientError(await post(app, '/v1/policies/nope/versions/1/activate'), 404, 'policy_not_found');
    expect((await get(app, '/v1/policies/letters')).body.activeVersion).toBe(1);
  });

  it('reads and changes the default policy; 404 unknown policy, 409 policy without an active version', async () => {
    expect((await get(app, '/v1/settings/default-policy')).body).toEqual({ policyId: 'standard-b2b' });

    expectClientError(await put(app, '/v1/settings/default-policy', { policyId: 'nope' }), 404, 'policy_not_found');
    expectClientError(await put(app, '/v1/settings/default-policy', { policyId: 'blank' }), 409, 'no_active_version');
    expectClientError(await put(app, '/v1/settings/default-policy', {}), 400, 'invalid_request');
    expect((await get(app, '/v1/settings/default-policy')).body).toEqual({ policyId: 'standard-b2b' });

    const changed = await put(app, '/v1/settings/default-policy', { policyId: 'letters' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toEqual({ policyId: 'letters' });
    expect((await get(app, '/v1/settings/default-policy')).body).toEqual({ policyId: 'letters' });
    const flags = Object.fromEntries((await get(app, '/v1/policies')).body.items.map((p: Json) => [p.id, p.isDefault]));
    expect(flags).toEqual({ blank: false, letters: true, 'standard-b2b': false });
  });

  it('renames, describes, duplicates, archives and deletes policies, never the default or a published one', async () => {
    const patch = (id: string, body: unknown) => call(app, 'PATCH', `/v1/policies/${id}`, body);
    const renamed = await patch('letters', { name: 'Letters, renamed', description: 'Paper only' });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({
      id: 'letters',
      name: 'Letters, renamed',
      description: 'Paper only',
      archived: false,
    });
    expectClientError(await patch('letters', {}), 400, 'invalid_request');
    expectClientError(await patch('letters', { name: '  ' }), 400, 'invalid_request');
    expectClientError(await patch('nope', { name: 'x' }), 404, 'policy_not_found');
    // letters is the default now (the test above): it stays listed.
    expectClientError(await patch('letters', { archived: true }), 409, 'default_policy');

    const source = (await get(app, '/v1/policies/standard-b2b')).body;
    const copy = await post(app, '/v1/policies/standard-b2b/duplicate', {
      id: 'standard-copy',
      name: 'Standard, copy',
    });
    expect(copy.status, copy.text).toBe(201);
    expect(copy.body).toMatchObject({
      id: 'standard-copy',
      name: 'Standard, copy',
      description: source.description,
      activeVersion: null,
      isDefault: false,
      draft: { revision: 1, graph: source.draft.graph },
    });
    expectClientError(
      await post(app, '/v1/policies/standard-b2b/duplicate', { id: 'letters', name: 'x' }),
      409,
      'policy_exists',
    );
    expectClientError(await post(app, '/v1/policies/nope/duplicate', { name: 'x' }), 404, 'policy_not_found');

    const archived = await patch('standard-b2b', { archived: true });
    expect(archived.status, archived.text).toBe(200);
    expect(archived.body.archived).toBe(true);
    const listed = Object.fromEntries((await get(app, '/v1/policies')).body.items.map((p: Json) => [p.id, p.archived]));
    expect(listed).toMatchObject({ 'standard-b2b': true, letters: false, 'standard-copy': false });
    expectClientError(
      await put(app, '/v1/settings/default-policy', { policyId: 'standard-b2b' }),
      422,
      'unprocessable_request',
    );
    // Its versions are kept: still readable, and it comes back whole.
    expect((await get(app, '/v1/policies/standard-b2b/versions/1')).status).toBe(200);
    expect((await patch('standard-b2b', { archived: false })).body.archived).toBe(false);

    expectClientError(await call(app, 'DELETE', '/v1/policies/standard-b2b'), 409, 'policy_published');
    expectClientError(await call(app, 'DELETE', '/v1/policies/letters'), 409, 'default_policy');
    expect((await call(app, 'DELETE', '/v1/policies/standard-copy')).status).toBe(204);
    expectClientError(await get(app, '/v1/policies/standard-copy'), 404, 'policy_not_found');
    expectClientError(await call(app, 'DELETE', '/v1/policies/standard-copy'), 404, 'policy_not_found');
  });

  it('restores a published version into the draft, guarded by If-Match; 404 for an unknown version', async () => {
    const v1 = (await get(app, '/v1/policies/letters/versions/1')).body;
    const before = (await get(app, '/v1/policies/letters')).body.draft;
    expectClientError(
      await call(app, 'POST', '/v1/policies/letters/versions/1/restore', undefined, { 'if-match': '"999"' }),
      409,
      'revision_mismatch',
    );
    const restored = await call(app, 'POST', '/v1/policies/letters/versions/1/restore', undefined, {
      'if-match': `"${before.revision}"`,
    });
    expect(restored.status, restored.text).toBe(200);
    expect(restored.body).toMatchObject({ revision: before.revision + 1, graph: v1.graph, diagnostics: [] });
    expect((await get(app, '/v1/policies/letters')).body.draft.graph).toEqual(v1.graph);
    // Restoring publishes nothing: the draft equals version 1 and the versions are as they were.
    const diff = await get(app, '/v1/policies/letters/diff?from=1&to=draft');
    expect(diff.body.identical).toBe(true);
    expectClientError(await call(app, 'POST', '/v1/policies/letters/versions/99/restore'), 404, 'version_not_found');
  });

  it('schedules an activation, shows it, replaces and cancels it; activating now cancels it; bad times are 400', async () => {
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await post(app, '/v1/policies/letters/versions/2/activate', { at: soon });
    expect(scheduled.status, scheduled.text).toBe(200);
    expect(scheduled.body).toEqual({
      policyId: 'letters',
      activeVersion: 1,
      scheduledActivation: { version: 2, at: soon, by: 'local' },
    });
    expect((await get(app, '/v1/policies/letters')).body.scheduledActivation).toMatchObject({ version: 2, at: soon });
    const listed = (await get(app, '/v1/policies')).body.items.find((p: Json) => p.id === 'letters');
    expect(listed.scheduledActivation).toMatchObject({ version: 2, at: soon });

    const cancelled = await call(app, 'DELETE', '/v1/policies/letters/scheduled-activation');
    expect(cancelled.body).toEqual({ policyId: 'letters', activeVersion: 1, scheduledActivation: null });

    await post(app, '/v1/policies/letters/versions/2/activate', { at: soon });
    const now = await post(app, '/v1/policies/letters/versions/2/activate');
    expect(now.body).toEqual({ policyId: 'letters', activeVersion: 2, scheduledActivation: null });

    const past = await post(app, '/v1/policies/letters/versions/1/activate', { at: '2020-01-01T00:00:00Z' });
    expectClientError(past, 400, 'invalid_request');
    expect(past.body.error.issues[0]).toMatchObject({ path: 'at', message: expect.stringMatching(/future/) });
    expectClientError(
      await post(app, '/v1/policies/letters/versions/1/activate', { at: 'tomorrow' }),
      400,
      'invalid_request',
    );
    expectClientError(
      await post(app, '/v1/policies/letters/versions/9/activate', { at: soon }),
      404,
      'version_not_found',
    );
    const both = await post(app, '/v1/policies/letters/versions', { activate: true, activateAt: soon });
    expectClientError(both, 400, 'invalid_request');
    expect((await get(app, '/v1/policies/letters')).body).toMatchObject({
      activeVersion: 2,
      scheduledActivation: null,
    });
  });
});
