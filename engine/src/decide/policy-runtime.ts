/**
 * Published versions, compiled once and held ready to run, and the settings every decision reads.
 * A version is immutable, so its runner is kept for good. Which version is active, the default
 * policy and the contact rules are held in the store's config cache, which forgets them when any
 * process changes them (store/config-cache.ts), so a publish or rollback applies in every process.
 */
import {
  compilePolicy,
  graphSchema,
  hasErrors,
  indexGraph,
  validateGraph,
  type GraphIndex,
  type PolicyContactRules,
  type PolicyGraph,
  RuleSetRunner,
  type RuleSet,
} from '../policy';
import { DomainError, graphHasErrors, policyNotFound, versionNotFound } from '../errors';
import { applyDueActivations, ConfigCache, getDefaultPolicyId, getPolicy, getVersion, type Executor } from '../store';
import { readFxRates, type FxRates } from '../measures/fx';
import { readContactRules, type DeploymentContactRules } from './contact-rules';
import { timeSensitivity, type TimeSensitivity } from './next-review';

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
  /** What in the rule set moves with time, for the forward evaluation. */
  sensitivity: TimeSensitivity;
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
    sensitivity: timeSensitivity(ruleSet),
    ...(graph.contactRules ? { contactRules: graph.contactRules } : {}),
  };
}

/** A draft has no version number yet; its simulated or backtested decisions report this one. */
export const DRAFT_VERSION = 0;

/** The graph sent, or the policy's stored draft, compiled: 422 while it has errors. */
export async function loadDraft(db: Executor, policyId: string, graph?: PolicyGraph): Promise<LoadedVersion> {
  const policy = await getPolicy(db, policyId);
  if (!policy) throw policyNotFound(policyId);
  const draft = graph ?? graphSchema.parse(policy.draft);
  const diagnostics = validateGraph(draft);
  if (hasErrors(diagnostics)) {
    throw graphHasErrors('graph_has_errors', 'The policy has errors; fix them first', diagnostics);
  }
  const ruleSet = compilePolicy(draft, { policyId, version: DRAFT_VERSION });
  return loadedVersionOf(draft, ruleSet, { policyId, version: DRAFT_VERSION, contentHash: ruleSet.contentHash });
}

export class PolicyRuntime {
  private readonly loaded = new Map<string, Promise<LoadedVersion>>();

  constructor(
    private readonly db: Executor,
    private readonly cache = new ConfigCache(),
  ) {}

  /** The active version of a policy, or of the default policy when none is named. */
  async active(policyId?: string): Promise<LoadedVersion> {
    const id = policyId ?? (await this.cache.read('default-policy', () => getDefaultPolicyId(this.db)));
    if (id === undefined)
      throw new DomainError('no_default_policy', 'No policy was named and no default policy is set');
    const policy = await this.cache.read(`policy:${id}`, () => getPolicy(this.db, id));
    if (!policy) throw policyNotFound(id);
    // A scheduled activation takes effect at its instant in every process: each compares the clock
    // with the schedule it holds, and the first to see it due records it (others find nothing due).
    if (policy.scheduledVersion !== null && policy.scheduledAt !== null && policy.scheduledAt <= new Date()) {
      await this.applyDue();
      return this.version(id, policy.scheduledVersion);
    }
    if (policy.activeVersion === null) {
      throw new DomainError(
        'no_active_version',
        `“${policy.name}” (${id}) has no published version yet: publish its draft first`,
      );
    }
    return this.version(id, policy.activeVersion);
  }

  private applying?: Promise<number> | undefined;

  private applyDue(): Promise<number> {
    this.applying ??= applyDueActivations(this.db).finally(() => (this.applying = undefined));
    return this.applying;
  }

  /** The deployment's contact rules. */
  contactRules(): Promise<DeploymentContactRules> {
    return this.cache.read('contact-rules', () => readContactRules(this.db));
  }

  /** The reporting currency and exchange rates, for the reporting-currency facts. */
  fxRates(): Promise<FxRates | null> {
    return this.cache.read('fx-rates', () => readFxRates(this.db));
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
