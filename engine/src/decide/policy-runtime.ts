/**
 * Published versions, compiled once and held ready to run. A version is immutable, so its
 * runner is cached for good; which version is active is read from the store on every
 * decision, so an activation (rollback) applies at once, in every process.
 */
import {
  graphSchema,
  indexGraph,
  type GraphIndex,
  type PolicyContactRules,
  type PolicyGraph,
  RuleSetRunner,
  type RuleSet,
} from '../policy';
import { DomainError, policyNotFound, versionNotFound } from '../errors';
import { getDefaultPolicyId, getPolicy, getVersion, type Executor } from '../store';

export interface LoadedVersion {
  policyId: string;
  version: number;
  contentHash: string;
  index: GraphIndex;
  /** The rule set, compiled to run as json-rules-engine would. */
  runner: RuleSetRunner;
  /** The split nodes whose bucket facts the engine must supply. */
  splitNodeIds: string[];
  requiredFacts: string[];
  /** The contact rules the policy tightens. */
  contactRules?: PolicyContactRules;
}

/** A graph and its compiled rule set, ready to run: a published version, or a draft being simulated. */
export function loadedVersionOf(
  graph: PolicyGraph,
  ruleSet: RuleSet,
  identity: Pick<LoadedVersion, 'policyId' | 'version' | 'contentHash'>,
): LoadedVersion {
  return {
    ...identity,
    index: indexGraph(graph),
    runner: new RuleSetRunner(ruleSet),
    splitNodeIds: graph.nodes.filter((n) => n.kind === 'split').map((n) => n.id),
    requiredFacts: ruleSet.requiredFacts,
    ...(graph.contactRules ? { contactRules: graph.contactRules } : {}),
  };
}

export class PolicyRuntime {
  private readonly loaded = new Map<string, Promise<LoadedVersion>>();

  constructor(private readonly db: Executor) {}

  /** The active version of a policy, or of the default policy when none is named. */
  async active(policyId?: string): Promise<LoadedVersion> {
    const id = policyId ?? (await getDefaultPolicyId(this.db));
    if (id === undefined)
      throw new DomainError('no_default_policy', 'No policy was named and no default policy is set');
    const policy = await getPolicy(this.db, id);
    if (!policy) throw policyNotFound(id);
    if (policy.activeVersion === null) {
      throw new DomainError('no_active_version', `Policy ${id} has no published version yet: publish its draft first`);
    }
    return this.version(id, policy.activeVersion);
  }

  version(policyId: string, version: number): Promise<LoadedVersion> {
    const key = `${policyId}@${version}`;
    let entry = this.loaded.get(key);
    if (!entry) {
      entry = this.load(policyId, version);
      this.loaded.set(key, entry);
      entry.catch(() => this.loaded.delete(key));
    }
    return entry;
  }

  private async load(policyId: string, version: number): Promise<LoadedVersion> {
    const row = await getVersion(this.db, policyId, version);
    if (!row) throw versionNotFound(policyId, version);
    return loadedVersionOf(graphSchema.parse(row.graph), row.ruleSet as RuleSet, {
      policyId,
      version,
      contentHash: row.contentHash,
    });
  }
}
