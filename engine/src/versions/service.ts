/**
 * The policy lifecycle: drafts are editable (and saved even when invalid), publishing
 * freezes a compiled, hashed version, activation picks the version decide uses.
 */
import { randomUUID } from 'node:crypto';
import {
  compilePolicy,
  contentHash,
  diffGraphs,
  graphSchema,
  hasErrors,
  promoteArm,
  PromoteError,
  validateGraph,
  type Diagnostic,
  type GraphDiff,
  type PolicyGraph,
} from '../policy';
import { LOCAL_PRINCIPAL } from '../auth/keys';
import { DomainError, graphHasErrors, policyNotFound, versionNotFound } from '../errors';
import {
  applyDueActivations,
  cancelScheduledActivation,
  createPolicy,
  deletePolicy,
  getDefaultPolicyId,
  getPolicy,
  getVersion,
  listPolicies,
  listVersions,
  publishVersion,
  saveDraft,
  scheduleActivation,
  setActiveVersion,
  setDefaultPolicyId,
  getSetting,
  listActivations,
  setSetting,
  SYSTEM_ACTOR,
  updatePolicy,
  type Executor,
  type PolicyChanges,
  type PolicyRow,
} from '../store';

/** The setting that turns four-eyes publishing off (on unless set to false). */
const FOUR_EYES = 'four_eyes';

export const EMPTY_GRAPH: PolicyGraph = {
  nodes: [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }],
  edges: [],
};

export interface DraftView {
  graph: PolicyGraph;
  revision: number;
  diagnostics: Diagnostic[];
}

/** A stored draft as the schema reads it; drafts are only stored after parsing, so this holds. */
const draftOf = (row: PolicyRow): PolicyGraph => graphSchema.parse(row.draft);

/** A policy in a message people read: its name, with its id for whoever calls the API. */
const called = (row: Pick<PolicyRow, 'id' | 'name'>) => `“${row.name}” (${row.id})`;

const scheduleOf = (row: Pick<PolicyRow, 'scheduledVersion' | 'scheduledAt' | 'scheduledBy'>) =>
  row.scheduledVersion !== null && row.scheduledAt !== null
    ? { version: row.scheduledVersion, at: row.scheduledAt, by: row.scheduledBy }
    : null;

export class PolicyVersions {
  constructor(private readonly db: Executor) {}

  async create(
    input: { id?: string; name: string; description?: string; graph?: PolicyGraph },
    actor: string = SYSTEM_ACTOR,
  ) {
    const graph = input.graph ?? EMPTY_GRAPH;
    const row = await createPolicy(this.db, {
      id: input.id ?? randomUUID(),
      name: input.name,
      description: input.description,
      draft: graph,
      createdBy: actor,
    });
    return this.view(row);
  }

  async list() {
    await applyDueActivations(this.db);
    const defaultId = await getDefaultPolicyId(this.db);
    return (await listPolicies(this.db)).map(({ scheduledVersion, scheduledAt, scheduledBy, ...p }) => ({
      ...p,
      isDefault: p.id === defaultId,
      scheduledActivation: scheduleOf({ scheduledVersion, scheduledAt, scheduledBy }),
    }));
  }

  async get(id: string) {
    return this.view(await this.policy(id));
  }

  /** Renames, describes, archives or brings back a policy; the default one cannot be archived. */
  async update(id: string, changes: PolicyChanges) {
    if (changes.archived === true) await this.refuseDefault(await this.policy(id), 'archived');
    return this.view(await updatePolicy(this.db, id, changes));
  }

  /** A new policy whose draft is a copy of this one's draft (not published). */
  async duplicate(id: string, input: { id?: string; name: string }, actor: string = SYSTEM_ACTOR) {
    const source = await this.policy(id);
    return this.create({ ...input, description: source.description, graph: draftOf(source) }, actor);
  }

  /** Deletes a policy that was never published and is not the default. */
  async remove(id: string): Promise<void> {
    await this.refuseDefault(await this.policy(id), 'deleted');
    await deletePolicy(this.db, id);
  }

  private async refuseDefault(policy: PolicyRow, what: 'archived' | 'deleted'): Promise<void> {
    if ((await getDefaultPolicyId(this.db)) === policy.id)
      throw new DomainError(
        'default_policy',
        `${called(policy)} is the default policy, so it cannot be ${what}: make another the default first`,
      );
  }

  async saveDraft(
    id: string,
    graph: PolicyGraph,
    expectedRevision?: number,
    actor: string = SYSTEM_ACTOR,
  ): Promise<DraftView> {
    const revision = await saveDraft(this.db, id, graph, expectedRevision, actor);
    return { graph, revision, diagnostics: validateGraph(graph) };
  }

  /** The saved draft with a split node replaced by one arm's branch ("promote the winner"); not published. */
  async promote(id: string, splitNodeId: string, armId: string, actor: string = SYSTEM_ACTOR): Promise<DraftView> {
    const policy = await this.policy(id);
    let graph: PolicyGraph;
    try {
      graph = promoteArm(draftOf(policy), splitNodeId, armId);
    } catch (error) {
      if (!(error instanceof PromoteError)) throw error;
      throw new DomainError('unprocessable_request', `The draft of ${called(policy)}: ${error.message}`, [
        { path: 'arm', message: error.message },
      ]);
    }
    return this.saveDraft(id, graph, policy.draftRevision, actor);
  }

  async validate(id: string, graph?: PolicyGraph): Promise<Diagnostic[]> {
    const policy = await this.policy(id); // an unknown policy is a 404 even when a graph is sent
    return validateGraph(graph ?? draftOf(policy));
  }

  /**
   * Four-eyes (docs/security.md): while it is on, the key that last edited the draft may not
   * publish it. With keys off there is one caller, `local`, and nobody to be the second pair of
   * eyes; the engine's own seeding (`system`) is not a person either.
   */
  async publish(id: string, note: string, activate: boolean | Date, actor: string = SYSTEM_ACTOR) {
    const policy = await this.policy(id);
    if (
      actor !== LOCAL_PRINCIPAL.id &&
      actor !== SYSTEM_ACTOR &&
      policy.draftEditedBy === actor &&
      (await this.fourEyes()).enabled
    ) {
      throw new DomainError(
        'four_eyes',
        `Four-eyes: this key last edited the draft of ${called(policy)}, so another key must publish it ` +
          '(an admin can turn this off for a one-person team: PUT /v1/settings/four-eyes)',
      );
    }
    const graph = draftOf(policy);
    const diagnostics = validateGraph(graph);
    if (hasErrors(diagnostics)) {
      throw graphHasErrors('draft_has_errors', 'The draft has errors; fix them before publishing', diagnostics);
    }
    const row = await publishVersion(this.db, {
      policyId: id,
      graph,
      contentHash: contentHash(graph),
      buildRuleSet: (version) => compilePolicy(graph, { policyId: id, version }),
      note,
      activate: activate === true,
      publisher: actor,
    });
    if (activate instanceof Date) await scheduleActivation(this.db, id, row.version, activate, actor);
    // Only an active version can serve decisions, so only then may the policy become the default.
    if (activate === true && (await getDefaultPolicyId(this.db)) === undefined) await setDefaultPolicyId(this.db, id);
    return {
      version: row.version,
      contentHash: row.contentHash,
      note: row.note,
      publishedAt: row.publishedAt,
      active: activate === true,
      author: row.author,
      publisher: row.publisher,
      diagnostics,
    };
  }

  /** Versions, each with its author, publisher and the activations that made it live. */
  async versions(id: string) {
    await this.policy(id);
    const activations = await listActivations(this.db, id);
    return (await listVersions(this.db, id)).map((v) => ({
      ...v,
      activations: activations
        .filter((a) => a.version === v.version)
        .map((a) => ({ by: a.activatedBy, at: a.activatedAt })),
    }));
  }

  async version(id: string, version: number) {
    const policy = await this.policy(id);
    const row = await getVersion(this.db, id, version);
    if (!row) throw versionNotFound(id, version);
    return { ...row, active: policy.activeVersion === version };
  }

  /** Makes a published version the draft again (as it was laid out), e.g. after a rollback; not published. */
  async restore(
    id: string,
    version: number,
    expectedRevision?: number,
    actor: string = SYSTEM_ACTOR,
  ): Promise<DraftView> {
    const graph = graphSchema.parse((await this.version(id, version)).graph);
    return this.saveDraft(id, graph, expectedRevision, actor);
  }

  /** Makes a version active now (cancelling any schedule), or at `at`. */
  async activate(id: string, version: number, actor: string = SYSTEM_ACTOR, at?: Date) {
    const row = at
      ? await scheduleActivation(this.db, id, version, at, actor)
      : await setActiveVersion(this.db, id, version, actor);
    return { policyId: id, activeVersion: row.activeVersion, scheduledActivation: scheduleOf(row) };
  }

  async cancelSchedule(id: string) {
    await this.policy(id);
    const row = await cancelScheduledActivation(this.db, id);
    return { policyId: id, activeVersion: row.activeVersion, scheduledActivation: scheduleOf(row) };
  }

  /** `from` and `to` are version numbers or "draft". */
  async diff(id: string, from: string, to: string): Promise<GraphDiff & { from: string; to: string }> {
    const graphAt = async (ref: string): Promise<PolicyGraph> => {
      if (ref === 'draft') return draftOf(await this.policy(id));
      return graphSchema.parse((await this.version(id, Number(ref))).graph);
    };
    return { from, to, ...diffGraphs(await graphAt(from), await graphAt(to)) };
  }

  async setDefault(id: string) {
    const policy = await this.policy(id);
    if (policy.archivedAt !== null) {
      throw new DomainError(
        'unprocessable_request',
        `${called(policy)} is archived: bring it back before making it the default`,
        [{ path: 'policyId', message: 'the policy is archived' }],
      );
    }
    if (policy.activeVersion === null) {
      throw new DomainError(
        'no_active_version',
        `${called(policy)} has no published version, so it cannot be the default`,
      );
    }
    await setDefaultPolicyId(this.db, id);
    return { policyId: id };
  }

  async fourEyes(): Promise<{ enabled: boolean }> {
    return { enabled: (await getSetting(this.db, FOUR_EYES)) !== false };
  }

  async setFourEyes(enabled: boolean): Promise<{ enabled: boolean }> {
    await setSetting(this.db, FOUR_EYES, enabled);
    return { enabled };
  }

  async getDefault() {
    return { policyId: (await getDefaultPolicyId(this.db)) ?? null };
  }

  /** The policy as it is now: a scheduled activation whose time has passed is carried out first. */
  private async policy(id: string): Promise<PolicyRow> {
    await applyDueActivations(this.db);
    const row = await getPolicy(this.db, id);
    if (!row) throw policyNotFound(id);
    return row;
  }

  private async view(row: PolicyRow) {
    const graph = draftOf(row);
    const defaultId = await getDefaultPolicyId(this.db);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      activeVersion: row.activeVersion,
      isDefault: row.id === defaultId,
      archived: row.archivedAt !== null,
      scheduledActivation: scheduleOf(row),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      draft: { graph, revision: row.draftRevision, diagnostics: validateGraph(graph) },
    };
  }
}
