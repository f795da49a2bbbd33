/** Policies, their drafts (guarded by a revision) and their published, immutable versions. */
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { configWritten } from './config-cache';
import { type Executor } from './database';
import { DomainError, policyNotFound, versionNotFound } from '../errors';
import { alias } from 'drizzle-orm/pg-core';
import { activations, apiKeys, policies, policyVersions, type PolicyRow, type PolicyVersionRow } from './schema';

export type ActivationRow = typeof activations.$inferSelect;

export interface NewPolicy {
  id: string;
  name: string;
  description?: string | undefined;
  draft: unknown;
  /** Who made it (a key id): the draft's first editor. */
  createdBy?: string | undefined;
}

export interface PolicySummary {
  id: string;
  name: string;
  description: string;
  activeVersion: number | null;
  draftRevision: number;
  archived: boolean;
  scheduledVersion: number | null;
  scheduledAt: Date | null;
  scheduledBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionSummary {
  version: number;
  contentHash: string;
  note: string;
  publishedAt: Date;
  active: boolean;
  author: string | null;
  publisher: string | null;
  /** The keys' names, for people to read (a key id when the key is gone; `local` or `system` as they are). */
  authorName: string | null;
  publisherName: string | null;
}

const authorKey = alias(apiKeys, 'author_key');
const publisherKey = alias(apiKeys, 'publisher_key');

/** Who does a thing the store records: a key id, `local` when keys are off, `system` for seeding. */
export const SYSTEM_ACTOR = 'system';

const NO_SCHEDULE = { scheduledVersion: null, scheduledAt: null, scheduledBy: null };

export interface PublishInput {
  policyId: string;
  graph: unknown;
  /** Builds the rule set for the version number this publish is given (the rule set names its version). */
  buildRuleSet: (version: number) => unknown;
  contentHash: string;
  note?: string | undefined;
  activate: boolean;
  publisher?: string | undefined;
}

export async function createPolicy(db: Executor, input: NewPolicy): Promise<PolicyRow> {
  const [row] = await db
    .insert(policies)
    .values({
      id: input.id,
      name: input.name,
      description: input.description ?? '',
      draft: input.draft,
      draftEditedBy: input.createdBy ?? null,
    })
    .onConflictDoNothing({ target: policies.id })
    .returning();
  if (!row) throw new DomainError('policy_exists', `Policy ${input.id} already exists`);
  configWritten();
  return row;
}

export async function listPolicies(db: Executor): Promise<PolicySummary[]> {
  return db
    .select({
      id: policies.id,
      name: policies.name,
      description: policies.description,
      activeVersion: policies.activeVersion,
      draftRevision: policies.draftRevision,
      archived: sql<boolean>`${policies.archivedAt} is not null`,
      scheduledVersion: policies.scheduledVersion,
      scheduledAt: policies.scheduledAt,
      scheduledBy: policies.scheduledBy,
      createdAt: policies.createdAt,
      updatedAt: policies.updatedAt,
    })
    .from(policies)
    .orderBy(asc(policies.id));
}

export interface PolicyChanges {
  name?: string | undefined;
  description?: string | undefined;
  archived?: boolean | undefined;
}

/** Renames, describes, archives or brings back a policy; its draft and versions are untouched. */
export async function updatePolicy(db: Executor, id: string, changes: PolicyChanges): Promise<PolicyRow> {
  const [row] = await db
    .update(policies)
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.archived !== undefined ? { archivedAt: changes.archived ? sql`now()` : null } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(policies.id, id))
    .returning();
  if (!row) throw policyNotFound(id);
  configWritten();
  return row;
}

/** Deletes a policy that was never published; one with versions is archived instead, as they are kept. */
export async function deletePolicy(db: Executor, id: string): Promise<void> {
  const [published] = await db
    .select({ version: policyVersions.version })
    .from(policyVersions)
    .where(eq(policyVersions.policyId, id))
    .limit(1);
  if (published)
    throw new DomainError(
      'policy_published',
      `Policy ${id} has published versions, which are kept: archive it instead`,
    );
  const [row] = await db.delete(policies).where(eq(policies.id, id)).returning({ id: policies.id });
  if (!row) throw policyNotFound(id);
  configWritten();
}

export async function getPolicy(db: Executor, id: string): Promise<PolicyRow | undefined> {
  const [row] = await db.select().from(policies).where(eq(policies.id, id));
  return row;
}

/**
 * Replaces the draft and returns its new revision. With expectedRevision, the
 * check and the write are one statement, so two editors cannot both win.
 */
export async function saveDraft(
  db: Executor,
  id: string,
  draft: unknown,
  expectedRevision?: number,
  editedBy?: string,
): Promise<number> {
  const guard =
    expectedRevision === undefined
      ? eq(policies.id, id)
      : and(eq(policies.id, id), eq(policies.draftRevision, expectedRevision));
  const [row] = await db
    .update(policies)
    .set({
      draft,
      draftRevision: sql`${policies.draftRevision} + 1`,
      draftEditedBy: editedBy ?? null,
      updatedAt: sql`now()`,
    })
    .where(guard)
    .returning({ draftRevision: policies.draftRevision });
  if (row) return row.draftRevision;

  const current = await getPolicy(db, id);
  if (!current) throw policyNotFound(id);
  throw new DomainError(
    'revision_mismatch',
    `Draft of policy ${id} is at revision ${current.draftRevision}, not ${expectedRevision}: it was changed by someone else`,
  );
}

export async function setActiveVersion(
  db: Executor,
  id: string,
  version: number,
  activatedBy: string = SYSTEM_ACTOR,
): Promise<PolicyRow> {
  const versionExists = db
    .select({ one: sql`1` })
    .from(policyVersions)
    .where(and(eq(policyVersions.policyId, id), eq(policyVersions.version, version)));
  const row = await db.transaction(async (tx) => {
    // Activating now replaces any scheduled activation: a rollback must not be undone later by a schedule.
    const [updated] = await tx
      .update(policies)
      .set({ activeVersion: version, ...NO_SCHEDULE, updatedAt: sql`now()` })
      .where(and(eq(policies.id, id), sql`exists ${versionExists}`))
      .returning();
    if (updated) await tx.insert(activations).values({ policyId: id, version, activatedBy });
    return updated;
  });
  configWritten();
  if (row) return row;
  if (!(await getPolicy(db, id))) throw policyNotFound(id);
  throw versionNotFound(id, version);
}

/** Makes `version` the active one at `at`; replaces any earlier schedule of the policy. */
export async function scheduleActivation(
  db: Executor,
  id: string,
  version: number,
  at: Date,
  scheduledBy: string = SYSTEM_ACTOR,
): Promise<PolicyRow> {
  const versionExists = db
    .select({ one: sql`1` })
    .from(policyVersions)
    .where(and(eq(policyVersions.policyId, id), eq(policyVersions.version, version)));
  const [row] = await db
    .update(policies)
    .set({ scheduledVersion: version, scheduledAt: at, scheduledBy, updatedAt: sql`now()` })
    .where(and(eq(policies.id, id), sql`exists ${versionExists}`))
    .returning();
  configWritten();
  if (row) return row;
  if (!(await getPolicy(db, id))) throw policyNotFound(id);
  throw versionNotFound(id, version);
}

export async function cancelScheduledActivation(db: Executor, id: string): Promise<PolicyRow> {
  const [row] = await db
    .update(policies)
    .set({ ...NO_SCHEDULE, updatedAt: sql`now()` })
    .where(eq(policies.id, id))
    .returning();
  if (!row) throw policyNotFound(id);
  configWritten();
  return row;
}

/**
 * Carries out every scheduled activation whose time has come: the version becomes active and the
 * activation is recorded at its scheduled time, by whoever scheduled it. Rows are locked and
 * skipped when locked, so two processes arriving together apply each schedule once.
 */
export async function applyDueActivations(db: Executor, now: Date = new Date()): Promise<number> {
  const applied = await db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: policies.id,
        version: policies.scheduledVersion,
        at: policies.scheduledAt,
        by: policies.scheduledBy,
      })
      .from(policies)
      .where(lte(policies.scheduledAt, now))
      .for('update', { skipLocked: true });
    for (const { id, version, at, by } of due) {
      await tx
        .update(policies)
        .set({ activeVersion: version, ...NO_SCHEDULE, updatedAt: sql`now()` })
        .where(eq(policies.id, id));
      await tx
        .insert(activations)
        .values({ policyId: id, version: version!, activatedBy: by ?? SYSTEM_ACTOR, activatedAt: at! });
    }
    return due.length;
  });
  if (applied > 0) configWritten();
  return applied;
}

/**
 * Freezes a new version numbered max + 1. The policy row is locked first, so
 * concurrent publishes of one policy queue up instead of colliding on a number,
 * and the "same content as the active version" check cannot race either.
 */
export async function publishVersion(db: Executor, input: PublishInput): Promise<PolicyVersionRow> {
  const published = await db.transaction(async (tx) => {
    const [policy] = await tx
      .select({ name: policies.name, activeVersion: policies.activeVersion, draftEditedBy: policies.draftEditedBy })
      .from(policies)
      .where(eq(policies.id, input.policyId))
      .for('update');
    if (!policy) throw policyNotFound(input.policyId);

    if (policy.activeVersion !== null) {
      const active = await getVersion(tx, input.policyId, policy.activeVersion);
      if (active?.contentHash === input.contentHash) {
        throw new DomainError(
          'unchanged',
          `“${policy.name}” (${input.policyId}) is unchanged since its active version ${policy.activeVersion}: nothing to publish`,
        );
      }
    }

    const [latest] = await tx
      .select({ max: sql<number | null>`max(${policyVersions.version})` })
      .from(policyVersions)
      .where(eq(policyVersions.policyId, input.policyId));
    const version = Number(latest?.max ?? 0) + 1;

    const [row] = await tx
      .insert(policyVersions)
      .values({
        policyId: input.policyId,
        version,
        graph: input.graph,
        ruleSet: input.buildRuleSet(version),
        contentHash: input.contentHash,
        note: input.note ?? '',
        author: policy.draftEditedBy,
        publisher: input.publisher ?? SYSTEM_ACTOR,
      })
      .returning();
    if (input.activate)
      await tx
        .insert(activations)
        .values({ policyId: input.policyId, version, activatedBy: input.publisher ?? SYSTEM_ACTOR });

    await tx
      .update(policies)
      .set(
        input.activate ? { activeVersion: version, ...NO_SCHEDULE, updatedAt: sql`now()` } : { updatedAt: sql`now()` },
      )
      .where(eq(policies.id, input.policyId));
    return row!;
  });
  configWritten();
  return published;
}

export async function listVersions(db: Executor, policyId: string): Promise<VersionSummary[]> {
  return db
    .select({
      version: policyVersions.version,
      contentHash: policyVersions.contentHash,
      note: policyVersions.note,
      publishedAt: policyVersions.publishedAt,
      active: sql<boolean>`coalesce(${policies.activeVersion} = ${policyVersions.version}, false)`,
      author: policyVersions.author,
      publisher: policyVersions.publisher,
      authorName: sql<string | null>`coalesce(${authorKey.name}, ${policyVersions.author})`,
      publisherName: sql<string | null>`coalesce(${publisherKey.name}, ${policyVersions.publisher})`,
    })
    .from(policyVersions)
    .innerJoin(policies, eq(policies.id, policyVersions.policyId))
    .leftJoin(authorKey, eq(authorKey.id, policyVersions.author))
    .leftJoin(publisherKey, eq(publisherKey.id, policyVersions.publisher))
    .where(eq(policyVersions.policyId, policyId))
    .orderBy(asc(policyVersions.version));
}

export async function getVersion(
  db: Executor,
  policyId: string,
  version: number,
): Promise<PolicyVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.policyId, policyId), eq(policyVersions.version, version)));
  return row;
}

/** Every activation of a policy's versions, oldest first: who made which version live, when. */
export async function listActivations(db: Executor, policyId: string): Promise<ActivationRow[]> {
  return db.select().from(activations).where(eq(activations.policyId, policyId)).orderBy(asc(activations.activatedAt));
}
