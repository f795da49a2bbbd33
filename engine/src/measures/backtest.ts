/**
 * Backtests (docs/measures.md): "what will this change do?" Every decision the policy logged in a
 * date range is decided again with a candidate (a version or the draft) and with a baseline
 * version, from the facts it saw that day, so both answer the same invoices at the same moments.
 * The result compares them: outcomes, the action mix per week, contacts per invoice, what the
 * contacts cost, and the decisions that differ with both explanations.
 */
import { randomUUID } from 'node:crypto';
import { DomainError, policyNotFound } from '../errors';
import { addDays, dateOfDay, dayNumber } from '../features/days';
import { CONTACT_CHANNELS, type Facts } from '../policy';
import { replay, type Replayed } from '../decide/replay';
import { loadDraft, type LoadedVersion, type PolicyRuntime } from '../decide/policy-runtime';
import { type DecideRequest } from '../decide/contract';
import {
  decisionLogSpan,
  decisionsToReplay,
  getBacktest,
  getPolicy,
  insertBacktest,
  updateBacktest,
  type BacktestRow,
  type Executor,
} from '../store';
import { log } from '../log';
import { readContactCosts, type ContactCosts } from './contact-costs';

export interface BacktestRequest {
  /** A version number, or `draft` for the policy's draft. */
  candidate: number | 'draft';
  baseline: number;
  /** First and last day (UTC), both included. */
  from: string;
  to: string;
}

/** Decisions replayed per page (and per progress update). */
const PAGE = 1000;
/** Differing decisions kept with their explanations; `differing.count` counts them all. */
export const MAX_DIFFERENCES = 200;
/** A running backtest whose row has not moved for this long was lost with its process. */
const ABANDONED_AFTER_MS = 60_000;

interface Side {
  outcomes: { action: number; wait: number; stop: number };
  /** Per week (its Monday), how many decisions of each kind: an action type, `wait` or `stop`. */
  weeks: Map<string, Record<string, number>>;
  contacts: number;
  cost: number;
}

const newSide = (): Side => ({ outcomes: { action: 0, wait: 0, stop: 0 }, weeks: new Map(), contacts: 0, cost: 0 });

/** The Monday of the week of a day number (1970-01-01, day 0, was a Thursday). */
const mondayOf = (day: number) => dateOfDay(day - ((day + 3) % 7));

function count(side: Side, replayed: Replayed, day: number, costs: ContactCosts): void {
  side.outcomes[replayed.outcome] += 1;
  const kind = replayed.action?.type ?? replayed.outcome;
  const week = mondayOf(day);
  const mix = side.weeks.get(week) ?? {};
  mix[kind] = (mix[kind] ?? 0) + 1;
  side.weeks.set(week, mix);
  if (!replayed.action) return;
  if (CONTACT_CHANNELS.has(replayed.action.type)) side.contacts += 1;
  side.cost += costs.perAction[replayed.action.type as keyof ContactCosts['perAction']] ?? 0;
}

/** What is compared: the answer, not the node ids a version may have renamed. */
const answerOf = (r: Replayed) =>
  JSON.stringify([
    r.outcome,
    r.action?.type,
    r.action?.template,
    r.action?.level,
    r.action?.priority,
    r.action?.target,
    r.reason,
    r.reviewAt,
  ]);

const summaryOf = (side: Side, invoices: number, label: string) => ({
  label,
  outcomes: side.outcomes,
  actionMix: [...side.weeks].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, counts]) => ({ week, counts })),
  contacts: side.contacts,
  contactsPerInvoice: invoices === 0 ? 0 : side.contacts / invoices,
  contactCost: Math.round(side.cost * 100) / 100,
});

export type BacktestResult = ReturnType<typeof resultOf>;

function resultOf(
  request: BacktestRequest,
  totals: { decisions: number; invoices: number },
  candidate: Side,
  baseline: Side,
  differing: { count: number; invoices: Set<string>; items: Difference[] },
  costs: ContactCosts,
) {
  const label = (v: number | 'draft') => (v === 'draft' ? 'draft' : `v${v}`);
  return {
    decisions: totals.decisions,
    invoices: totals.invoices,
    costCurrency: costs.currency,
    candidate: summaryOf(candidate, totals.invoices, label(request.candidate)),
    baseline: summaryOf(baseline, totals.invoices, label(request.baseline)),
    differing: { count: differing.count, invoices: differing.invoices.size, items: differing.items },
  };
}

interface Difference {
  decisionId: string;
  invoiceId: string;
  asOf: string;
  candidate: Replayed;
  baseline: Replayed;
}

export type BacktestView = ReturnType<typeof viewOf>;

export function viewOf(row: BacktestRow, now = new Date()) {
  const abandoned = row.status === 'running' && now.getTime() - row.updatedAt.getTime() > ABANDONED_AFTER_MS;
  return {
    id: row.id,
    policyId: row.policyId,
    request: row.request as BacktestRequest,
    status: abandoned ? ('failed' as const) : (row.status as 'running' | 'done' | 'failed'),
    progress: { done: row.done, total: row.total },
    result: (row.result as BacktestResult | null) ?? null,
    error: abandoned
      ? { code: 'abandoned', message: 'The engine process running it stopped; start the backtest again' }
      : ((row.error as { code: string; message: string } | null) ?? null),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export class Backtests {
  /** Backtests running in this process, for tests and shutdown to wait on. */
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Executor,
    private readonly policies: PolicyRuntime,
  ) {}

  /** Checks the request against the policy and its decision log, records the backtest, and starts it. */
  async start(policyId: string, request: BacktestRequest, actor: string | null): Promise<BacktestRow> {
    if (!(await getPolicy(this.db, policyId))) throw policyNotFound(policyId);
    if (request.from > request.to) {
      const message = `from (${request.from}) is after to (${request.to})`;
      throw new DomainError('invalid_request', message, [{ path: 'to', message }]);
    }
    const [candidate, baseline] = await Promise.all([
      request.candidate === 'draft' ? loadDraft(this.db, policyId) : this.policies.version(policyId, request.candidate),
      this.policies.version(policyId, request.baseline),
    ]);
    const range = this.rangeOf(request);
    const span = await decisionLogSpan(this.db, policyId, range.from, range.to);
    if (span.first === null || span.last === null) {
      throw new DomainError('unprocessable_request', `Policy ${policyId} has no logged decision to replay yet`, [
        { path: 'from', message: 'no logged decision' },
      ]);
    }
    if (request.from < span.first || request.to > span.last) {
      const message = `The decision log of ${policyId} holds ${span.first} to ${span.last}; ask within it`;
      throw new DomainError('unprocessable_request', message, [
        { path: request.from < span.first ? 'from' : 'to', message },
      ]);
    }
    const row = await insertBacktest(this.db, {
      id: randomUUID(),
      policyId,
      request,
      total: span.inRange,
      createdBy: actor,
    });
    const work = this.execute(row, candidate, baseline).catch(async (error: unknown) => {
      log.error({ err: error, backtestId: row.id }, 'a backtest failed');
      await updateBacktest(this.db, row.id, {
        status: 'failed',
        error: { code: 'internal_error', message: 'The backtest failed; the error is in the engine log' },
      }).catch(() => undefined);
    });
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return row;
  }

  async get(policyId: string, id: string): Promise<BacktestView> {
    const row = await getBacktest(this.db, policyId, id);
    if (!row) throw new DomainError('backtest_not_found', `Policy ${policyId} has no backtest ${id}`);
    return viewOf(row);
  }

  /** Resolves when every backtest this process runs has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private rangeOf(request: BacktestRequest) {
    return { from: new Date(`${request.from}T00:00:00Z`), to: new Date(`${addDays(request.to, 1)}T00:00:00Z`) };
  }

  private async execute(row: BacktestRow, candidateVersion: LoadedVersion, baselineVersion: LoadedVersion) {
    const request = row.request as BacktestRequest;
    const [rules, costs] = await Promise.all([this.policies.contactRules(), readContactCosts(this.db)]);
    const candidate = newSide();
    const baseline = newSide();
    const invoices = new Set<string>();
    const differing = { count: 0, invoices: new Set<string>(), items: [] as Difference[] };
    let done = 0;
    let after: { asOf: Date; id: string } | undefined;
    for (;;) {
      const page = await decisionsToReplay(this.db, row.policyId, this.rangeOf(request), after, PAGE);
      for (const logged of page) {
        const input = { request: logged.request as DecideRequest, facts: logged.facts as Facts, asOf: logged.asOf };
        const day = dayNumber(logged.asOf);
        const mine = replay(candidateVersion, input, rules);
        const theirs = replay(baselineVersion, input, rules);
        count(candidate, mine, day, costs);
        count(baseline, theirs, day, costs);
        invoices.add(logged.invoiceId);
        if (answerOf(mine) !== answerOf(theirs)) {
          differing.count += 1;
          differing.invoices.add(logged.invoiceId);
          if (differing.items.length < MAX_DIFFERENCES) {
            differing.items.push({
              decisionId: logged.id,
              invoiceId: logged.invoiceId,
              asOf: logged.asOf.toISOString(),
              candidate: mine,
              baseline: theirs,
            });
          }
        }
      }
      done += page.length;
      await updateBacktest(this.db, row.id, { done });
      if (page.length < PAGE) break;
      const last = page.at(-1)!;
      after = { asOf: last.asOf, id: last.id };
    }
    const result = resultOf(
      request,
      { decisions: done, invoices: invoices.size },
      candidate,
      baseline,
      differing,
      costs,
    );
    await updateBacktest(this.db, row.id, { status: 'done', done, total: done, result });
  }
}
