/**
 * Runs (docs/runs.md): for one day, decide every open invoice that is due for review (its
 * nextReviewAt has come, or it was never decided). Each decision and, for an action, the action
 * and its outbox deliveries are written in one transaction; the action is unique per (invoice,
 * step, occurrence), so a rerun, a retried chunk or a crash never contacts a customer twice.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DomainError } from '../errors';
import { isIsoDate } from '../features/days';
import { type Decision } from '../decide/contract';
import { type Decided, type DecisionService } from '../decide/pipeline';
import { type PolicyRuntime } from '../decide/policy-runtime';
import {
  claimReviews,
  createRun,
  dueInvoices,
  enqueueDeliveries,
  finishChunk,
  getChunk,
  getRun,
  insertActions,
  insertDecisions,
  listWebhooks,
  markRunStarted,
  recordRunError,
  setReviews,
  unfinishedChunks,
  type Executor,
  type NewActionRow,
  type RunRow,
  type WebhookRow,
} from '../store';
import { type RunQueue } from './queue';
import { log } from '../log';

export const ACTION_EVENT = 'action.decided';
export const DEFAULT_CHUNK_SIZE = 500;

export interface RunRequest {
  asOf?: string;
  policyId?: string;
  dryRun?: boolean;
  trigger: 'api' | 'schedule' | 'cli';
}

const today = (now: Date) => now.toISOString().slice(0, 10);

/** The moment a run decides at: now for today's run, the start of the day for another day's. */
export const decisionInstant = (asOf: string, now: Date) => (asOf === today(now) ? now : new Date(`${asOf}T00:00:00Z`));

/** What a webhook receives for an action to take. */
export function actionPayload(deliveryId: string, action: { id: string; runId: string | null }, decision: Decision) {
  const { step, occurrence, type, template, level, priority, target, sendAt } = decision.action!;
  return {
    id: deliveryId,
    event: ACTION_EVENT,
    createdAt: new Date().toISOString(),
    data: {
      actionId: action.id,
      decisionId: decision.decisionId,
      runId: action.runId,
      invoiceId: decision.invoiceId,
      accountId: decision.accountId,
      step,
      occurrence,
      type,
      template,
      level,
      priority,
      ...(target ? { target } : {}),
      sendAt: sendAt ?? decision.asOf,
    },
  };
}

export class RunService {
  /** The name this process signs the chunks it finishes with. */
  readonly worker = `${hostname()}:${process.pid}`;

  constructor(
    private readonly db: Executor,
    private readonly decisions: DecisionService,
    private readonly policies: PolicyRuntime,
    private readonly queue: RunQueue,
    private readonly options: { chunkSize?: number; now?: () => Date } = {},
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Creates a run and hands its chunks to the queue; the policy must be able to decide. */
  async start(request: RunRequest): Promise<RunRow> {
    const asOf = request.asOf ?? today(this.now());
    if (!isIsoDate(asOf)) throw new DomainError('invalid_request', 'asOf must be a date YYYY-MM-DD');
    await this.policies.active(request.policyId);
    const run = await createRun(
      this.db,
      {
        id: randomUUID(),
        asOf,
        policyId: request.policyId ?? null,
        dryRun: request.dryRun ?? false,
        trigger: request.trigger,
      },
      this.options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    );
    await this.queue.enqueue(
      run.id,
      Array.from({ length: run.chunks }, (_, i) => i),
    );
    return run;
  }

  /** Begins processing chunks, picking up again those a stopped process left unfinished. */
  async resume(): Promise<void> {
    await this.queue.start((runId, chunk) => this.processChunk(runId, chunk));
  }

  /** For a queue that does not keep its jobs (the embedded database's): hands unfinished chunks over again. */
  async requeueUnfinished(): Promise<void> {
    const left = await unfinishedChunks(this.db);
    const byRun = new Map<string, number[]>();
    for (const { runId, chunk } of left) byRun.set(runId, [...(byRun.get(runId) ?? []), chunk]);
    for (const [runId, chunks] of byRun) await this.queue.enqueue(runId, chunks);
  }

  /** Decides the due invoices of one chunk; a chunk processed again finds them decided and not due. */
  async processChunk(runId: string, chunkNo: number): Promise<void> {
    const run = await getRun(this.db, runId);
    const chunk = await getChunk(this.db, runId, chunkNo);
    if (!run || !chunk || chunk.status === 'done') return;
    await markRunStarted(this.db, runId);
    const loaded = await this.policies.active(run.policyId ?? undefined);
    const instant = decisionInstant(run.asOf, this.now());
    const due = await dueInvoices(this.db, chunk, run.asOf);
    const bodies = due.map((invoiceId) => ({ invoiceId, asOf: instant.toISOString(), dryRun: run.dryRun }));
    // In order, as steps to be taken (a dry run shows what a real one would do): an account's
    // contacts of the day count for its next invoices.
    const requests = await this.decisions.completeAll(bodies, instant);
    const results = await this.decisions.evaluateAll(requests, loaded, instant, { taken: true });
    const decided: Decided[] = [];
    for (const [k, result] of results.entries()) {
      if (result instanceof DomainError) await this.failed(runId, due[k]!, result);
      else decided.push(result);
    }
    const counts: Record<string, number> = {};
    if (run.dryRun) for (const { decision } of decided) counts[decision.outcome] = (counts[decision.outcome] ?? 0) + 1;
    else await this.writeAll(run, decided);
    await finishChunk(this.db, runId, chunkNo, this.worker, counts);
  }

  /** Writes the decisions together; should that fail, one at a time, so one bad invoice holds back no other. */
  private async writeAll(run: RunRow, decided: readonly Decided[]): Promise<void> {
    const webhooks = await listWebhooks(this.db);
    try {
      await this.db.transaction((tx) => this.write(tx, run, decided, webhooks));
    } catch {
      for (const one of decided) {
        try {
          await this.db.transaction((tx) => this.write(tx, run, [one], webhooks));
        } catch (error) {
          await this.failed(run.id, one.decision.invoiceId, error);
        }
      }
    }
  }

  /**
   * Each decision, its action and the action's deliveries, and the invoice's next review. An
   * invoice another process decided meanwhile (a retried chunk, a second run) is not written, and
   * an occurrence of a step already taken sends nothing.
   */
  private async write(tx: Executor, run: RunRow, decided: readonly Decided[], webhooks: readonly WebhookRow[]) {
    const claimed = await claimReviews(
      tx,
      decided.map((d) => d.decision.invoiceId),
      run.asOf,
    );
    const mine = decided.filter((d) => claimed.has(d.decision.invoiceId));
    await insertDecisions(
      tx,
      mine.map((d) => ({ ...d.row, runId: run.id })),
    );
    const actions = mine.flatMap(({ decision }) =>
      decision.outcome === 'action' && decision.action ? [{ id: randomUUID(), decision }] : [],
    );
    const inserted = await insertActions(
      tx,
      actions.map(({ id, decision }) => actionRow(id, run, decision)),
    );
    await enqueueDeliveries(
      tx,
      actions
        .filter(({ id }) => inserted.has(id))
        .map(({ id, decision }) => ({
          key: `action:${id}`,
          event: ACTION_EVENT,
          actionId: id,
          payload: (deliveryId: string) => actionPayload(deliveryId, { id, runId: run.id }, decision),
          at: sendAtOf(decision),
        })),
      webhooks,
    );
    await setReviews(
      tx,
      mine.map(({ decision }) => ({
        invoiceId: decision.invoiceId,
        nextReviewOn: decision.nextReviewAt,
        decisionId: decision.decisionId,
        decidedOn: run.asOf,
      })),
    );
  }

  private async failed(runId: string, invoiceId: string, error: unknown): Promise<void> {
    const known = error instanceof DomainError;
    if (!known) log.error({ err: error, runId, invoiceId }, 'an invoice of a run failed');
    await recordRunError(this.db, {
      runId,
      invoiceId,
      code: known ? error.code : 'internal_error',
      message: known ? error.message : 'The invoice could not be decided; the error is in the engine log',
    });
  }
}

const sendAtOf = (decision: Decision) => new Date(decision.action!.sendAt ?? decision.asOf);

/** The action log's row for a decided action. */
function actionRow(id: string, run: RunRow, decision: Decision): NewActionRow {
  const action = decision.action!;
  return {
    id,
    invoiceId: decision.invoiceId,
    accountId: decision.accountId,
    decisionId: decision.decisionId,
    runId: run.id,
    step: action.step,
    occurrence: action.occurrence,
    type: action.type,
    template: action.template,
    level: action.level,
    priority: action.priority,
    target: action.target ?? null,
    decidedOn: run.asOf,
    sendAt: sendAtOf(decision),
  };
}
