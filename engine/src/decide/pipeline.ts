/**
 * The decision pipeline, as its steps: check the request -> resolve the active policy ->
 * assemble facts -> score models -> run the rule set -> apply the engine's guards ->
 * explain -> log. Routes only wire it.
 */
import { randomUUID } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  canonicalJson,
  explainPath,
  getFact,
  missingFacts,
  splitBucket,
  splitFactName,
  type Facts,
  type TerminalEvent,
} from '../policy';
import { DomainError, type ErrorBody } from '../errors';
import { addDays } from '../features/days';
import { anchorsOf, assembleFacts, mergeHistory, type Anchors } from '../features/facts';
import { AccountLedger, type AccountHistory } from '../features/history';
import { type ModelInput } from '../features/model-features';
import { type ModelScorer, type Scored } from '../models/scorer';
import {
  accountInvoices,
  findIdempotencyKey,
  getDecision,
  insertDecisions,
  insertDecisionWithKey,
  invoiceFile,
  type Executor,
  type NewDecisionRow,
} from '../store';
import { MAX_BATCH_ITEMS, type DecideRequest, type DecideRequestBody, type Decision } from './contract';
import { applyGuards, type Guarded } from './guards';
import { type PolicyRuntime, type LoadedVersion } from './policy-runtime';
import { asOfOf, checkSense, completeRequest, parseDecideRequest } from './request';

export interface Decided {
  decision: Decision;
  row: NewDecisionRow;
}

export type BatchResult = { ok: true; decision: Decision } | { ok: false; error: ErrorBody };

const requestHash = (body: unknown) => bytesToHex(sha256(utf8ToBytes(canonicalJson(body))));

function reviewDate(fact: string, days: number, anchors: Anchors): string | undefined {
  const definition = getFact(fact);
  const anchor = definition && 'anchor' in definition ? anchors[definition.anchor as keyof Anchors] : undefined;
  return anchor === undefined ? undefined : addDays(anchor, days);
}

/** The action to take, the date to look again, or the reason to stop. */
function outcomeDetail(
  guarded: Guarded,
  event: TerminalEvent,
  request: DecideRequest,
): Pick<Decision, 'action' | 'reviewAt' | 'reason'> {
  if (guarded.outcome === 'action') {
    const { type, template, level, priority, target } = guarded.action;
    return { action: { type, template, level, priority, ...(target ? { target } : {}) } };
  }
  if (guarded.outcome === 'stop') return { reason: guarded.reason };
  return event.kind === 'wait' ? { reviewAt: reviewDate(event.fact, event.days, anchorsOf(request)) } : {};
}

/** A checked request with the account history it is decided on. */
interface Prepared {
  request: DecideRequest;
  asOf: Date;
  history?: AccountHistory;
  /** The store's ledger knows the account. */
  known: boolean;
  modelInput: ModelInput;
}

const NO_SCORES: Scored = { facts: {}, scores: {}, models: [], topFeatures: [], warnings: [] };

export class DecisionService {
  constructor(
    private readonly db: Executor,
    private readonly policies: PolicyRuntime,
    private readonly scorer?: ModelScorer,
  ) {}

  /** One decision, without logging it. */
  async evaluate(request: DecideRequest, loaded: LoadedVersion, now: Date): Promise<Decided> {
    const prepared = await this.prepare(request, now, new Map());
    const [scored] = await this.score([prepared]);
    return this.decideWith(prepared, loaded, scored!);
  }

  /** Checks the request and reads the account's ledger, point in time. */
  private async prepare(
    request: DecideRequest,
    now: Date,
    ledgers: Map<string, Promise<AccountLedger | undefined>>,
  ): Promise<Prepared> {
    const asOf = asOfOf(request, now);
    checkSense(request, asOf);
    const { invoice } = request;
    if (!ledgers.has(invoice.accountId)) {
      ledgers.set(
        invoice.accountId,
        accountInvoices(this.db, invoice.accountId).then((rows) =>
          rows.length > 0 ? new AccountLedger(rows) : undefined,
        ),
      );
    }
    const ledger = await ledgers.get(invoice.accountId)!;
    const history = mergeHistory(
      ledger?.at(asOf, invoice.id, { paperless: invoice.paperless ?? null }),
      request.account,
      asOf,
    );
    const modelInput: ModelInput = {
      invoice: {
        amount: invoice.amount,
        currency: invoice.currency,
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        disputed: invoice.disputed ?? null,
        paperless: invoice.paperless ?? null,
      },
      history: history ?? { settledCount: 0, openInvoiceCount: 0, openBalance: 0 },
    };
    return { request, asOf, history, known: ledger !== undefined, modelInput };
  }

  /** Scores in one batch per model. */
  private async score(prepared: readonly Prepared[]): Promise<Scored[]> {
    return this.scorer ? this.scorer.score(prepared.map((p) => p.modelInput)) : prepared.map(() => NO_SCORES);
  }

  private async decideWith(
    { request, asOf, history, known }: Prepared,
    loaded: LoadedVersion,
    scored: Scored,
  ): Promise<Decided> {
    const { invoice } = request;
    const facts: Facts = {
      ...assembleFacts(request, asOf, history, known),
      ...scored.facts,
      ...Object.fromEntries(loaded.splitNodeIds.map((id) => [splitFactName(id), splitBucket(invoice.accountId, id)])),
    };
    const run = await loaded.evaluator.run(facts);
    const guarded = applyGuards(run.event, facts);
    const decision: Decision = {
      decisionId: randomUUID(),
      invoiceId: invoice.id,
      accountId: invoice.accountId,
      asOf: asOf.toISOString(),
      outcome: guarded.outcome,
      ...outcomeDetail(guarded, run.event, request),
      policy: { id: loaded.policyId, version: loaded.version, contentHash: loaded.contentHash },
      models: scored.models,
      scores: scored.scores,
      explanation: {
        terminal: run.event.nodeId,
        path: explainPath(run, loaded.index, facts),
        missingFacts: missingFacts(loaded.requiredFacts, facts),
        overrides: guarded.overrides,
        topFeatures: scored.topFeatures,
        modelWarnings: scored.warnings,
      },
      dryRun: request.dryRun ?? false,
    };
    const row: NewDecisionRow = {
      id: decision.decisionId,
      invoiceId: invoice.id,
      accountId: invoice.accountId,
      policyId: loaded.policyId,
      policyVersion: loaded.version,
      contentHash: loaded.contentHash,
      asOf,
      outcome: decision.outcome,
      request,
      facts,
      response: decision,
    };
    return { decision, row };
  }

  /** POST /v1/decide: decides, logs unless dry-run, and honours an Idempotency-Key. */
  async decide(body: unknown, idempotencyKey?: string): Promise<Decision> {
    const sent = parseDecideRequest(body);
    const key = sent.dryRun ? undefined : idempotencyKey;
    const hash = key === undefined ? '' : requestHash(body);
    if (key !== undefined) {
      const replay = await this.replay(key, hash);
      if (replay) return replay;
    }
    const now = new Date();
    const request = await this.complete(sent, now);
    const { decision, row } = await this.evaluate(request, await this.policies.active(request.policyId), now);
    if (request.dryRun) return decision;
    if (key === undefined) {
      await insertDecisions(this.db, [row]);
      return decision;
    }
    const stored = await insertDecisionWithKey(this.db, row, key, hash);
    return stored.created ? decision : (await this.replay(key, hash))!;
  }

  /** The request with its invoice complete, from the ledger when it names an invoice by id. */
  complete(sent: DecideRequestBody, now: Date): Promise<DecideRequest> {
    return completeRequest(sent, asOfOf(sent, now), (id) => invoiceFile(this.db, id));
  }

  private async replay(key: string, hash: string): Promise<Decision | undefined> {
    const existing = await findIdempotencyKey(this.db, key);
    if (!existing) return undefined;
    if (existing.requestHash !== hash) {
      throw new DomainError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request body',
      );
    }
    const row = await getDecision(this.db, existing.decisionId);
    return row!.response as Decision;
  }

  /** POST /v1/decide/batch: each item decided on its own; one bad item does not fail the batch; models score in batches. */
  async decideBatch(items: unknown[]): Promise<BatchResult[]> {
    if (items.length > MAX_BATCH_ITEMS) {
      throw new DomainError(
        'batch_too_large',
        `A batch holds at most ${MAX_BATCH_ITEMS} invoices; this one has ${items.length}`,
      );
    }
    const now = new Date();
    const versions = new Map<string, Promise<LoadedVersion>>();
    const ledgers = new Map<string, Promise<AccountLedger | undefined>>();
    const failure = (error: unknown): BatchResult => {
      if (!(error instanceof DomainError)) throw error;
      return { ok: false, error: error.toBody() };
    };
    const results: Array<BatchResult | undefined> = [];
    const ready: Array<{ index: number; prepared: Prepared; loaded: LoadedVersion }> = [];
    for (const [index, item] of items.entries()) {
      try {
        const request = await this.complete(parseDecideRequest(item), now);
        const policyKey = request.policyId ?? '';
        if (!versions.has(policyKey)) versions.set(policyKey, this.policies.active(request.policyId));
        const loaded = await versions.get(policyKey)!;
        ready.push({ index, prepared: await this.prepare(request, now, ledgers), loaded });
        results.push(undefined);
      } catch (error) {
        results.push(failure(error));
      }
    }
    const scored = await this.score(ready.map((r) => r.prepared));
    const rows: NewDecisionRow[] = [];
    for (const [k, { index, prepared, loaded }] of ready.entries()) {
      try {
        const { decision, row } = await this.decideWith(prepared, loaded, scored[k]!);
        if (!prepared.request.dryRun) rows.push(row);
        results[index] = { ok: true, decision };
      } catch (error) {
        results[index] = failure(error);
      }
    }
    await insertDecisions(this.db, rows);
    return results as BatchResult[];
  }
}
