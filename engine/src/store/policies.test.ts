import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { DomainError } from '../errors';
import { isImmutableVersionError } from './errors';
import {
  applyDueActivations,
  cancelScheduledActivation,
  createPolicy,
  getPolicy,
  getVersion,
  listPolicies,
  listVersions,
  publishVersion,
  saveDraft,
  scheduleActivation,
  setActiveVersion,
} from './policies';
import { getDefaultPolicyId, getSetting, setDefaultPolicyId, setSetting } from './settings';
import { describeEachStore, queryRows } from './testing';

const draft = { nodes: [{ id: 'start', kind: 'start' }], edges: [] };
/** Written by the store without a caller: no draft editor known, published by the system. */
const bySystem = { author: null, publisher: 'system', authorName: null, publisherName: 'system' };

describeEachStore('policies store', (store) => {
  it('creates a policy and refuses a second one with the same id', async () => {
    const created = await createPolicy(store.db, { id: 'standard', name: 'Standard', draft });
    expect(created).toMatchObject({
      id: 'standard',
      name: 'Standard',
      description: '',
      draftRevision: 1,
      activeVersion: null,
    });
    expect(created.draft).toEqual(draft);
    expect(created.createdAt).toBeInstanceOf(Date);

    const again = createPolicy(store.db, { id: 'standard', name: 'Other', draft });
    await expect(again).rejects.toBeInstanceOf(DomainError);
    await expect(again).rejects.toMatchObject({ code: 'policy_exists' });
  });

  it('stores JSON as jsonb objects, not as JSON strings', async () => {
    const rows = await queryRows<{ type: string }>(
      store.db,
      sql`select jsonb_typeof(draft) as type from policies where id = 'standard'`,
    );
    expect(rows).toEqual([{ type: 'object' }]);
  });

  it('lists policies with their summary fields', async () => {
    await createPolicy(store.db, { id: 'aggressive', name: 'Aggressive', description: 'Fast follow-up', draft });
    const list = await listPolicies(store.db);
    expect(list.map((p) => p.id)).toEqual(['aggressive', 'standard']);
    expect(list[0]).toEqual({
      id: 'aggressive',
      name: 'Aggressive',
      description: 'Fast follow-up',
      activeVersion: null,
      draftRevision: 1,
      archived: false,
      scheduledVersion: null,
      scheduledAt: null,
      scheduledBy: null,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(await getPolicy(store.db, 'missing')).toBeUndefined();
  });

  it('saves drafts with an optional revision guard', async () => {
    const next = { ...draft, edges: [{ id: 'e1' }] };
    expect(await saveDraft(store.db, 'standard', next, 1)).toBe(2);
    expect(await saveDraft(store.db, 'standard', next)).toBe(3);

    const stale = saveDraft(store.db, 'standard', draft, 2);
    await expect(stale).rejects.toBeInstanceOf(DomainError);
    await expect(stale).rejects.toMatchObject({ code: 'revision_mismatch' });

    const policy = await getPolicy(store.db, 'standard');
    expect(policy).toMatchObject({ draftRevision: 3, draft: next });
    await expect(saveDraft(store.db, 'missing', draft)).rejects.toMatchObject({ code: 'policy_not_found' });
  });

  it('publishes versions 1, 2, 3 and activates them when asked', async () => {
    const v1 = await publishVersion(store.db, {
      policyId: 'standard',
      graph: draft,
      buildRuleSet: (version) => ({ version, rules: [1] }),
      contentHash: 'h1',
      note: 'first',
      activate: true,
    });
    expect(v1).toMatchObject({
      policyId: 'standard',
      version: 1,
      contentHash: 'h1',
      note: 'first',
      ruleSet: { version: 1, rules: [1] },
    });
    expect((await getPolicy(store.db, 'standard'))?.activeVersion).toBe(1);

    const v2 = await publishVersion(store.db, {
      policyId: 'standard',
      graph: draft,
      buildRuleSet: () => ({}),
      contentHash: 'h2',
      activate: false,
    });
    expect(v2.version).toBe(2);
    expect((await getPolicy(store.db, 'standard'))?.activeVersion).toBe(1);

    const v3 = await publishVersion(store.db, {
      policyId: 'standard',
      graph: draft,
      buildRuleSet: () => ({}),
      contentHash: 'h3',
      activate: true,
    });
    expect(v3.version).toBe(3);
    expect((await getPolicy(store.db, 'standard'))?.activeVersion).toBe(3);

    expect(await listVersions(store.db, 'standard')).toEqual([
      { version: 1, contentHash: 'h1', note: 'first', publishedAt: expect.any(Date), active: false, ...bySystem },
      { version: 2, contentHash: 'h2', note: '', publishedAt: expect.any(Date), active: false, ...bySystem },
      { version: 3, contentHash: 'h3', note: '', publishedAt: expect.any(Date), active: true, ...bySystem },
    ]);
    expect(await getVersion(store.db, 'standard', 2)).toMatchObject({ version: 2, contentHash: 'h2' });
    expect(await getVersion(store.db, 'standard', 9)).toBeUndefined();
  });

  it('numbers concurrent publishes without gaps or collisions', async () => {
    await createPolicy(store.db, { id: 'busy', name: 'Busy', draft });
    const published = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        publishVersion(store.db, {
          policyId: 'busy',
          graph: draft,
          buildRuleSet: () => ({}),
          contentHash: `b${i}`,
          activate: false,
        }),
      ),
    );
    expect(published.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses to publish the content of the active version again', async () => {
    const same = publishVersion(store.db, {
      policyId: 'standard',
      graph: draft,
      buildRuleSet: () => ({}),
      contentHash: 'h3',
      activate: true,
    });
    await expect(same).rejects.toBeInstanceOf(DomainError);
    await expect(same).rejects.toMatchObject({ code: 'unchanged' });
    expect((await listVersions(store.db, 'standard')).length).toBe(3);
  });

  it('refuses to publish for an unknown policy', async () => {
    const missing = publishVersion(store.db, {
      policyId: 'nope',
      graph: draft,
      buildRuleSet: () => ({}),
      contentHash: 'x',
      activate: true,
    });
    await expect(missing).rejects.toBeInstanceOf(DomainError);
    await expect(missing).rejects.toMatchObject({ code: 'policy_not_found' });
  });

  it('activates an existing version (rollback) and refuses a missing one', async () => {
    const rolledBack = await setActiveVersion(store.db, 'standard', 1);
    expect(rolledBack.activeVersion).toBe(1);

    const missingVersion = setActiveVersion(store.db, 'standard', 42);
    await expect(missingVersion).rejects.toBeInstanceOf(DomainError);
    await expect(missingVersion).rejects.toMatchObject({ code: 'version_not_found' });
    await expect(setActiveVersion(store.db, 'nope', 1)).rejects.toMatchObject({ code: 'policy_not_found' });
    expect((await getPolicy(store.db, 'standard'))?.activeVersion).toBe(1);
  });

  it('applies a scheduled activation once its time has come, once, logged at that time by its scheduler', async () => {
    const at = new Date(Date.now() + 60_000);
    const scheduled = await scheduleActivation(store.db, 'standard', 3, at, 'key-ops');
    expect(scheduled).toMatchObject({ activeVersion: 1, scheduledVersion: 3, scheduledAt: at, scheduledBy: 'key-ops' });
    await expect(scheduleActivation(store.db, 'standard', 42, at)).rejects.toMatchObject({ code: 'version_not_found' });

    expect(await applyDueActivations(store.db, new Date(at.getTime() - 1))).toBe(0);
    expect((await getPolicy(store.db, 'standard'))?.activeVersion).toBe(1);
    // Two callers together (two processes): one applies it, the other finds nothing due.
    const applied = await Promise.all([applyDueActivations(store.db, at), applyDueActivations(store.db, at)]);
    expect(applied.sort()).toEqual([0, 1]);
    expect(await getPolicy(store.db, 'standard')).toMatchObject({
      activeVersion: 3,
      scheduledVersion: null,
      scheduledAt: null,
    });
    const logged = await queryRows<{ version: number; activated_by: string; activated_at: Date }>(
      store.db,
      sql`select version, activated_by, activated_at from activations where policy_id = 'standard' and activated_by = 'key-ops'`,
    );
    expect(logged.map((r) => [r.version, new Date(r.activated_at).getTime()])).toEqual([[3, at.getTime()]]);

    // Activating now cancels a pending schedule; so can the cancel itself.
    await scheduleActivation(store.db, 'standard', 2, at);
    expect(await setActiveVersion(store.db, 'standard', 1)).toMatchObject({ activeVersion: 1, scheduledVersion: null });
    await scheduleActivation(store.db, 'standard', 2, at);
    expect(await cancelScheduledActivation(store.db, 'standard')).toMatchObject({
      activeVersion: 1,
      scheduledAt: null,
    });
    expect(await applyDueActivations(store.db, new Date(at.getTime() + 1))).toBe(0);
  });

  it('keeps published versions immutable even against direct SQL', async () => {
    const before = await queryRows(store.db, sql`select * from policy_versions order by policy_id, version`);

    const attempts = [
      sql`update policy_versions set note = 'x'`,
      sql`update policy_versions set rule_set = '{}'::jsonb where version = 1`,
      sql`delete from policy_versions`,
      sql`delete from policy_versions where policy_id = 'standard' and version = 2`,
      sql`truncate policy_versions cascade`,
    ];
    for (const attempt of attempts) {
      const error = await store.db.execute(attempt).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, 'statement should have been rejected').toBeDefined();
      expect(isImmutableVersionError(error), String(error)).toBe(true);
    }

    expect(await queryRows(store.db, sql`select * from policy_versions order by policy_id, version`)).toEqual(before);
  });

  it('reads and upserts settings', async () => {
    expect(await getSetting(store.db, 'default_policy_id')).toBeUndefined();
    expect(await getDefaultPolicyId(store.db)).toBeUndefined();
    await setDefaultPolicyId(store.db, 'standard');
    await setDefaultPolicyId(store.db, 'aggressive');
    expect(await getSetting(store.db, 'default_policy_id')).toBe('aggressive');
    expect(await getDefaultPolicyId(store.db)).toBe('aggressive');

    await setSetting(store.db, 'limits', { batch: 10_000, nested: [1, 'two'] });
    expect(await getSetting(store.db, 'limits')).toEqual({ batch: 10_000, nested: [1, 'two'] });
  });
});
