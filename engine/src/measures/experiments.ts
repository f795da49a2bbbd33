/**
 * Champion/challenger results (docs/measures.md). An invoice enters a split node's arm with the
 * first logged decision whose path passed through it; from that day on, per arm: the share paid
 * in full within 7 and 30 days, days to pay, cash collected and contacts per invoice. Each arm is
 * set against the champion (the first arm) with a 95% interval of the difference; an arm whose
 * branch is a `stop` with reason `holdout` is a no-contact control, against which every other arm
 * shows its uplift: the effect of contacting at all.
 */
import { DomainError, policyNotFound } from '../errors';
import { daysBetween } from '../features/days';
import { AMOUNT_TOLERANCE } from '../ledger/records';
import { graphSchema, type NodeOf, type PolicyGraph } from '../policy';
import {
  armEntries,
  getPolicy,
  getVersion,
  listVersions,
  splitNodesDecided,
  type ArmEntry,
  type Executor,
} from '../store';
import { converterFor, readFxRates } from './fx';
import { difference, mean, median, type Interval, type Observation } from './intervals';

type SplitNode = NodeOf<'split'>;

export const HOLDOUT_REASON = 'holdout';

export interface ExperimentQuery {
  /** Outcomes known by the end of this day (default today, UTC). */
  asOf: string;
  /** Entries from this day on (default: the first). */
  from?: string | undefined;
  /** Entries up to this day (default: asOf). */
  to?: string | undefined;
}

interface Found {
  version: number;
  node: SplitNode;
  graph: PolicyGraph;
}

/** The newest version of the policy holding the split node: its arms, labels and branches. */
async function findSplitNode(db: Executor, policyId: string, nodeId: string): Promise<Found | undefined> {
  const versions = (await listVersions(db, policyId)).sort((a, b) => b.version - a.version);
  for (const { version } of versions) {
    const row = await getVersion(db, policyId, version);
    const graph = graphSchema.parse(row!.graph);
    const node = graph.nodes.find((n): n is SplitNode => n.id === nodeId && n.kind === 'split');
    if (node) return { version, node, graph };
  }
  return undefined;
}

/** The arms whose branch stops at once with reason `holdout`: nobody in them is contacted. */
function holdoutArms({ node, graph }: Found): Set<string> {
  return new Set(
    node.arms
      .filter((arm) => {
        const edge = graph.edges.find((e) => e.source === node.id && e.sourceHandle === arm.id);
        const target = graph.nodes.find((n) => n.id === edge?.target);
        return target?.kind === 'stop' && target.reason === HOLDOUT_REASON;
      })
      .map((arm) => arm.id),
  );
}

/** The day the invoice was paid in full, by the payments known. */
function settledOn(entry: ArmEntry): string | null {
  let paid = 0;
  for (const p of entry.payments) {
    paid += p.amount;
    if (paid >= entry.amount - AMOUNT_TOLERANCE) return p.paidOn;
  }
  return null;
}

/** An arm's invoices measured: each value with its account, for the intervals. */
interface Outcomes {
  invoices: number;
  /** Per window, one 0/1 per invoice that entered at least that long before asOf: paid in full within it. */
  within: Record<7 | 30, Observation[]>;
  /** Days from entry to paid in full, per invoice paid in full. */
  daysToPay: Observation[];
  cash: Observation[];
  contacts: Observation[];
}

/** Measures an arm's invoices by what was known at the end of `asOf`. */
export function outcomesOf(
  entries: readonly ArmEntry[],
  asOf: string,
  toReporting: (amount: number, currency: string) => number,
): Outcomes {
  const out: Outcomes = { invoices: entries.length, within: { 7: [], 30: [] }, daysToPay: [], cash: [], contacts: [] };
  for (const entry of entries) {
    const account = entry.accountId;
    const settled = settledOn(entry);
    const days = settled === null ? null : Math.max(0, daysBetween(entry.enteredOn, settled));
    for (const window of [7, 30] as const) {
      if (daysBetween(entry.enteredOn, asOf) < window) continue;
      out.within[window].push({ account, value: days !== null && days <= window ? 1 : 0 });
    }
    if (days !== null) out.daysToPay.push({ account, value: days });
    const collected = entry.payments.filter((p) => p.paidOn >= entry.enteredOn).reduce((s, p) => s + p.amount, 0);
    out.cash.push({ account, value: toReporting(collected, entry.currency) });
    out.contacts.push({ account, value: entry.contactDays.length });
  }
  return out;
}

const values = (xs: readonly Observation[]) => xs.map((x) => x.value);

const share = (xs: readonly Observation[]) => ({
  share: mean(values(xs)),
  paid: xs.filter((x) => x.value === 1).length,
  eligible: xs.length,
});

/** The arm against another: each figure's difference with its 95% interval. */
export function versus(arm: Outcomes, other: Outcomes) {
  return {
    paidWithin7: difference(arm.within[7], other.within[7]),
    paidWithin30: difference(arm.within[30], other.within[30]),
    daysToPay: difference(arm.daysToPay, other.daysToPay),
    cashPerInvoice: difference(arm.cash, other.cash),
    contactsPerInvoice: difference(arm.contacts, other.contacts),
  };
}

export type Versus = Record<keyof ReturnType<typeof versus>, Interval | null>;

export async function experimentReport(db: Executor, policyId: string, nodeId: string, query: ExperimentQuery) {
  if (!(await getPolicy(db, policyId))) throw policyNotFound(policyId);
  const found = await findSplitNode(db, policyId, nodeId);
  if (!found) {
    throw new DomainError('split_node_not_found', `No published version of ${policyId} has a split node ${nodeId}`);
  }
  const to = query.to ?? query.asOf;
  if (query.from !== undefined && query.from > to) {
    const message = `from (${query.from}) is after to (${to})`;
    throw new DomainError('invalid_request', message, [{ path: 'to', message }]);
  }
  const entries = (await armEntries(db, policyId, nodeId, query.asOf)).filter(
    (e) => (query.from === undefined || e.enteredOn >= query.from) && e.enteredOn <= to,
  );
  const fx = converterFor(
    await readFxRates(db),
    entries.map((e) => e.currency),
  );
  const holdouts = holdoutArms(found);
  const measured = found.node.arms.map((arm) => ({
    arm,
    outcomes: outcomesOf(
      entries.filter((e) => e.arm === arm.id),
      query.asOf,
      fx.convert,
    ),
  }));
  const champion = measured[0]!;
  const holdout = measured.find((m) => holdouts.has(m.arm.id));
  return {
    policyId,
    splitNodeId: nodeId,
    label: found.node.label ?? nodeId,
    version: found.version,
    asOf: query.asOf,
    from: query.from ?? null,
    to,
    currency: fx.currency,
    arms: measured.map(({ arm, outcomes }, i) => ({
      armId: arm.id,
      label: arm.label ?? arm.id,
      weight: arm.weight,
      champion: i === 0,
      holdout: holdouts.has(arm.id),
      invoices: outcomes.invoices,
      paidWithin7: share(outcomes.within[7]),
      paidWithin30: share(outcomes.within[30]),
      daysToPay: {
        settled: outcomes.daysToPay.length,
        mean: mean(values(outcomes.daysToPay)),
        median: median(values(outcomes.daysToPay)),
      },
      cashCollected: {
        total: Math.round(values(outcomes.cash).reduce((a, b) => a + b, 0) * 100) / 100,
        perInvoice: mean(values(outcomes.cash)),
      },
      contactsPerInvoice: mean(values(outcomes.contacts)),
      versusChampion: i === 0 ? null : versus(outcomes, champion.outcomes),
    })),
    uplift: holdout
      ? measured
          .filter((m) => m !== holdout)
          .map(({ arm, outcomes }) => {
            const { paidWithin30, cashPerInvoice } = versus(outcomes, holdout.outcomes);
            return { armId: arm.id, paidWithin30, cashPerInvoice };
          })
      : null,
  };
}

export type ExperimentReport = Awaited<ReturnType<typeof experimentReport>>;

/** Every split node decisions went through, by policy, with its arms as its newest version has them. */
export async function listExperiments(db: Executor) {
  const decided = await splitNodesDecided(db);
  return Promise.all(
    decided.map(async (d) => {
      const found = await findSplitNode(db, d.policy_id, d.node_id);
      return {
        policyId: d.policy_id,
        splitNodeId: d.node_id,
        label: found?.node.label ?? d.node_id,
        arms: (found?.node.arms ?? []).map((a) => ({ armId: a.id, label: a.label ?? a.id, weight: a.weight })),
        invoices: d.invoices,
        firstEntry: d.first,
        lastEntry: d.last,
      };
    }),
  );
}
