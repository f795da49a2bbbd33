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
  validateGraph,
  type Diagnostic,
  type GraphDiff,
  type PolicyGraph,
} from '../policy';
import { DomainError, graphHasErrors, policyNotFound, versionNotFound } from '../errors';
import {
  createPolicy,
  getDefaultPolicyId,
  getPolicy,
  getVersion,
  listPolicies,
  listVersions,
  publishVersion,
  saveDraft,
  setActiveVersion,
  setDefaultPolicyId,
  type Executor,
  type PolicyRow,
} from '../store';

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

export class PolicyVersions {
  constructor(private readonly db: Executor) {}

  async create(input: { id?: string; name: string; description?: string; graph?: PolicyGraph }) {
    const graph = input.graph ?? EMPTY_GRAPH;
    const row = await createPolicy(this.db, {
      id: input.id ?? randomUUID(),
      name: input.name,
      description: input.description,
      draft: graph,
    });
    return this.view(row);
  }

  async list() {
    const defaultId = await getDefaultPolicyId(this.db);
    return (await listPolicies(this.db)).map((p) => ({ ...p, isDefault: p.id === defaultId }));
  }

  async get(id: string) {
    return this.view(await this.policy(id));
  }

  async saveDraft(id: string, graph: PolicyGraph, expectedRevision?: number): Promise<DraftView> {
    const revision = await saveDraft(this.db, id, graph, expectedRevision);
    return { graph, revision, diagnostics: validateGraph(graph) };
  }

  async validate(id: string, graph?: PolicyGraph): Promise<Diagnostic[]> {
    const policy = await this.policy(id); // an unknown policy is a 404 even when a graph is sent
    return validateGraph(graph ?? draftOf(policy));
  }

  async publish(id: string, note: string, activate: boolean) {
    const graph = draftOf(await this.policy(id));
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
      activate,
    });
    // Only an active version can serve decisions, so only then may the policy become the default.
    if (activate && (await getDefaultPolicyId(this.db)) === undefined) await setDefaultPolicyId(this.db, id);
    return {
      version: row.version,
      contentHash: row.contentHash,
      note: row.note,
      publishedAt: row.publishedAt,
      active: activate,
      diagnostics,
    };
  }

  async versions(id: string) {
    await this.policy(id);
    return listVersions(this.db, id);
  }

  async version(id: string, version: number) {
    const policy = await this.policy(id);
    const row = await getVersion(this.db, id, version);
    if (!row) throw versionNotFound(id, version);
    return { ...row, active: policy.activeVersion === version };
  }

  async activate(id: string, version: number) {
    const row = await setActiveVersion(this.db, id, version);
    return { policyId: id, activeVersion: row.activeVersion };
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
    if (policy.activeVersion === null) {
      throw new DomainError('no_active_version', `Policy ${id} has no published version, so it cannot be the default`);
    }
    await setDefaultPolicyId(this.db, id);
    return { policyId: id };
  }

  async getDefault() {
    return { policyId: (await getDefaultPolicyId(this.db)) ?? null };
  }

  private async policy(id: string): Promise<PolicyRow> {
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
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      draft: { graph, revision: row.draftRevision, diagnostics: validateGraph(graph) },
    };
  }
}
