/**
 * The decision pipeline, as its steps: check the request -> resolve the active policy ->
 * assemble facts -> score models -> run the rule set -> apply the engine's guards and the memory
 * of steps -> find the next review date -> explain -> log. Routes only wire it.
 */
import { randomUUID } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  canonicalJson,
  CONTACT_CHANNELS,
  explainPath,
  interpret,
  missingFacts,
  splitBucket,
  splitFactName,
  stepDue,
  tighten,
  type Facts,
  type TerminalEvent,
} from '../policy';
import { DomainError, type ErrorBody } from '../errors';
import { dateOfDay, dayNumber } from '../features/days';
import { assembleFacts, mergeHistory, reportingFacts } from '../features/facts';
import { stepsTakenBefore } from '../features/invoice-records';
import { rateInto, type FxRates } from '../measures/fx';
import { shiftHistory, type AccountHistory, type AccountLedger } from '../features/history';
import { type ModelInput } from '../features/model-features';
import { Gatherer } from '../gather';
import { type ModelScorer, type Scored } from '../models/scorer';
import {
  DecisionLog,
  findIdempotencyKey,
  getDecision,
  insertDecisions,
  invoiceFiles,
  type Executor,
  type InvoiceFile,
  type NewDecisionRow,
} from '../store';
import { AccountLedgers } from './account-ledgers';
import { MAX_BATCH_ITEMS, type DecideRequest, type DecideRequestBody, type Decision } from './contract';
import { notBusinessDay, type DeploymentContactRules } from './contact-rules';
import { historyAt, memoryOf, remember, takenDays, type Memory } from './memory';
import { nextReviewDay, reviewCandidates } from './next-review';
import { outcomeDetail, outcomeKey, outcomeOf, type Outcome } from './outcome';
import { type PolicyRuntime, type LoadedVersion } from './policy-runtime';
import { asOfOf, checkSense, completeRequest, parseDecideRequest } from './request';

export interface Decided {
  decision: Decision;
  row: NewDecisionRow;
}

export type BatchResult = { ok: true; decision: Decision } | { ok: false; error: ErrorBody };

const requestHash = (body: unknown) => bytesToHex(sha256(utf8ToBytes(canonicalJson(body))));

const MS_PER_DAY = 86_400_000;

/** A checked request with the account history and the memory of steps it is decided on. */
interface Prepared {
  request: DecideRequest;
  asOf: Date;
  history?: AccountHistory;
  /** The store's ledger knows the account. */
  known: boolean;
  memory: Memory;
  modelInput: ModelInput;
}

const NO_SCORES: Scored = { facts: {}, scores: {}, models: [], topFeatures: [], warnings: [] };

/** Single decides decided together at most. */
const MAX_GATHERED = 256;

/** A domain error is a result; anything else is a failure to let through. */
const guard = (error: unknown): DomainError => {
  if (error instanceof DomainError) return error;
  throw error;
};

const attempt = <T>(step: () => T): T | DomainError => {
  try {
    return step();
  } catch (error) {
    return guard(error);
  }
};

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

const isRequest = (value: DecideRequest | DomainError): value is DecideRequest => !(value instanceof DomainError);

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** The request with more days its account was contacted on. */
function withContacts(request: DecideRequest, days: readonly string[]): DecideRequest {
  const { history } = request;
  const known = memoryOf(history?.actions ?? [], history?.accountContacts).contacts;
  return { ...request, history: { ...history, accountContacts: [...known, ...days] } };
}

/** The deployment's settings a decision reads. */
interface DecideSettings {
  contactRules: DeploymentContactRules;
  fx: FxRates | null;
}

export class DecisionService {
  /** Decisions made at the same time are logged in one transaction. */
  readonly log: DecisionLog;
  /** The accounts' ledgers, kept between decisions while their rows do not change. */
  private readonly accountLedgers: AccountLedgers;
  /** Single decides that arrive at the same time, decided together (decideMany). */
  private readonly gathered = new Gatherer<DecideRequestBody, Decided>(
    (bodies) => this.decideMany(bodies, new Date()),
    MAX_GATHERED,
  );

  constructor(
    private readonly db: Executor,
    private readonly policies: PolicyRuntime,
    private readonly scorer?: ModelScorer,
    private readonly options: {
      /** Evaluate every day ahead to find nextReviewAt: the reference the usual evaluation is tested against. */
      reviewEveryDay?: boolean;
      /** Told of each decision made (the metrics count them by outcome). */
      onDecided?: (decision: Decision) => void;
    } = {},
  ) {
    this.log = new DecisionLog(db);
    this.accountLedgers = new AccountLedgers(db);
  }

  /** One decision, without logging it. */
  async evaluate(request: DecideRequest, loaded: LoadedVersion, now: Date): Promise<Decided> {
    const prepared = this.prepare(request, now, await this.ledgers([request]));
    const [scored] = await this.score([prepared]);
    return this.decideWith(prepared, loaded, scored!, await this.settings());
  }

  /**
   * Many decisions with one version, without logging them: the accounts' ledgers read together,
   * the models scored in one batch, the contact rules read once. A request that cannot be decided
   * gets its error in its place. With `taken` (a run, whose actions will be sent), the requests are
   * decided in order and a contact decided for one invoice counts among its account's contacts
   * for the account's later invoices, so the contact rules hold across them.
   */
  async evaluateAll(
    requests: ReadonlyArray<DecideRequest | DomainError>,
    loaded: LoadedVersion,
    now: Date,
    options: { taken?: boolean } = {},
  ): Promise<Array<Decided | DomainError>> {
    // A run reads each account once: its ledgers are not kept.
    const ledgers = await this.ledgers(requests.filter(isRequest), { keep: !options.taken });
    const prepared = requests.map((r) => (r instanceof DomainError ? r : attempt(() => this.prepare(r, now, ledgers))));
    const scored = await this.score(prepared.filter((p): p is Prepared => !(p instanceof DomainError)));
    const settings = await this.settings();
    const contacted = new Map<string, string[]>();
    const results: Array<Decided | DomainError> = [];
    let k = 0;
    for (const p of prepared) {
      if (p instanceof DomainError) {
        results.push(p);
        continue;
      }
      const scores = scored[k++]!;
      const { accountId } = p.request.invoice;
      const earlier = contacted.get(accountId);
      try {
        const current = earlier ? this.prepare(withContacts(p.request, earlier), now, ledgers) : p;
        const decided = this.decideWith(current, loaded, scores, settings);
        const { action } = decided.decision;
        if (options.taken && action && CONTACT_CHANNELS.has(action.type)) {
          contacted.set(accountId, [...(earlier ?? []), decided.decision.asOf.slice(0, 10)]);
        }
        if (options.taken) this.options.onDecided?.(decided.decision);
        results.push(decided);
      } catch (error) {
        results.push(guard(error));
      }
    }
    return results;
  }

  /** The ledgers of the requests' accounts, read in one go; an account the store does not know has none. */
  private ledgers(
    requests: readonly DecideRequest[],
    options?: { keep: boolean },
  ): Promise<Map<string, AccountLedger>> {
    return this.accountLedgers.read(
      requests.map((r) => r.invoice.accountId),
      options,
    );
  }

  /** Checks the request and reads the account's history, point in time. */
  private prepare(request: DecideRequest, now: Date, ledgers: ReadonlyMap<string, AccountLedger>): Prepared {
    const asOf = asOfOf(request, now);
    checkSense(request, asOf);
    const { invoice } = request;
    const ledger = ledgers.get(invoice.accountId);
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
        promiseToPayDate: invoice.promiseToPayDate,
      },
      asOf,
      history: history ?? { settledCount: 0, openInvoiceCount: 0, openBalance: 0 },
      stepsTaken: stepsTakenBefore(request.history, asOf),
    };
    const memory = memoryOf(request.history?.actions ?? [], request.history?.accountContacts);
    return { request, asOf, history, known: ledger !== undefined, memory, modelInput };
  }

  /** What every decision reads of the deployment's settings: cached, read once per batch. */
  private async settings(): Promise<DecideSettings> {
    const [contactRules, fx] = await Promise.all([this.policies.contactRules(), this.policies.fxRates()]);
    return { contactRules, fx };
  }

  /** Scores in one batch per model. */
  private async score(prepared: readonly Prepared[]): Promise<Scored[]> {
    return this.scorer ? this.scorer.score(prepared.map((p) => p.modelInput)) : prepared.map(() => NO_SCORES);
  }

  private decideWith(
    prepared: Prepared,
    loaded: LoadedVersion,
    scored: Scored,
    { contactRules: deploymentRules, fx }: DecideSettings,
  ): Decided {
    const { request, asOf, history, known, memory } = prepared;
    const { invoice } = request;
    const day = dayNumber(asOf);
    const rules = { ...deploymentRules, ...tighten(deploymentRules, loaded.contactRules) };
    const place = { country: request.account?.country, timeZone: request.account?.timeZone };
    /** The contact rules on a day: a day after today is looked at from its start. */
    const contactOn = (on: number) => ({ rules, place, now: on === day ? asOf : new Date(on * MS_PER_DAY) });
    // Held through the days looked at: scores, split buckets and the amounts in the reporting currency.
    const reporting = rateInto(fx, invoice.currency);
    const held = {
      ...scored.facts,
      ...reportingFacts(invoice, reporting),
      ...Object.fromEntries(loaded.splitNodeIds.map((id) => [splitFactName(id), splitBucket(invoice.accountId, id)])),
    };
    /** The facts on a day (a day number) with a memory of steps: day counts advance, model scores are held. */
    const factsOn = (on: number, remembered: Memory): Facts => {
      const at = on === day ? asOf : new Date(on * MS_PER_DAY);
      const inputs = { ...request, history: historyAt(remembered, request.history, at) };
      return Object.assign(assembleFacts(inputs, at, history && shiftHistory(history, on - day), known), held);
    };
    const facts = factsOn(day, memory);
    const run = loaded.runner.run(facts);
    const outcome = outcomeOf(run.event, facts, memory, day, contactOn(day));
    // The step decided now is taken now: from tomorrow on, the memory has it.
    const after =
      outcome.outcome === 'action' ? remember(memory, outcome.step, outcome.action.type, dateOfDay(day)) : memory;
    // The facts and where the policy ends with them, from the last day they could have turned.
    let seen: Facts | undefined;
    let verdict: ReturnType<typeof interpret> | undefined;
    // Most candidate days only move the engine's own rules (a business day's edges, a contact leaving
    // the week): while the facts hold, a key that reads no date is kept until the day it can change.
    let seenKey: string | undefined;
    let keyHoldsBefore = -Infinity;
    const keyOn = (on: number, factsTurn = true) => {
      if (factsTurn || !seen || !verdict) {
        seen = factsOn(on, after);
        verdict = interpret(loaded.index, seen);
        keyHoldsBefore = -Infinity;
      }
      if (on < keyHoldsBefore) return seenKey!;
      const decided = outcomeOf(verdict.event, seen, after, on, contactOn(on));
      seenKey = outcomeKey(decided, verdict.terminal);
      keyHoldsBefore = holdsUntil(verdict.event, decided, on);
      return seenKey;
    };
    /** The first day `decided` can differ with the same facts: never for a wait or a stop, a step's next due day once taken. */
    const holdsUntil = (event: TerminalEvent, decided: Outcome, on: number): number => {
      if (event.kind !== 'action' || decided.outcome === 'stop') return Infinity;
      if (decided.outcome !== 'wait' || decided.reason !== 'step_done') return -Infinity;
      const due = stepDue(event.action, takenDays(after, event.nodeId, on), on);
      return due.due ? -Infinity : due.nextDay === 'never' ? Infinity : due.nextDay;
    };
    const base = outcome.outcome === 'action' ? keyOn(day) : outcomeKey(outcome, run.event.nodeId);
    const candidates = this.options.reviewEveryDay
      ? undefined
      : reviewCandidates({
          day,
          sensitivity: loaded.sensitivity,
          ahead: factsOn(day + 1, after),
          memory: after,
          promiseToPayDate: invoice.promiseToPayDate,
          businessDay: rules.businessDaysOnly
            ? (on) => notBusinessDay(on, place.country ?? rules.defaultCountry ?? undefined) === undefined
            : undefined,
        });
    const nextReviewAt = dateOfDay(nextReviewDay(base, day, keyOn, candidates));
    const decision: Decision = {
      decisionId: randomUUID(),
      invoiceId: invoice.id,
      accountId: invoice.accountId,
      asOf: asOf.toISOString(),
      outcome: outcome.outcome,
      ...outcomeDetail(outcome, run.event, facts, day, nextReviewAt),
      nextReviewAt,
      policy: { id: loaded.policyId, version: loaded.version, contentHash: loaded.contentHash },
      models: scored.models,
      scores: scored.scores,
      explanation: {
        terminal: run.event.nodeId,
        path: explainPath(run, loaded.index, facts),
        missingFacts: missingFacts(loaded.requiredFacts, facts),
        overrides: outcome.overrides,
        topFeatures: scored.topFeatures,
        modelWarnings: scored.warnings,
        ...(reporting ? { reporting } : {}),
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
    const { decision, row } = await this.gathered.add(sent);
    if (sent.dryRun) return decision;
    const logged = await this.log.append(row, key === undefined ? undefined : { key, requestHash: hash });
    return logged.created ? decision : (await this.replay(key!, hash))!;
  }

  /** The request with its invoice complete, from the ledger when it names an invoice by id. */
  async complete(sent: DecideRequestBody, now: Date): Promise<DecideRequest> {
    const [request] = await this.completeAll([sent], now);
    if (request instanceof DomainError) throw request;
    return request!;
  }

  /** Many requests completed, the ledger's files read together for each day; an error stays in its place. */
  async completeAll(
    bodies: ReadonlyArray<DecideRequestBody | DomainError>,
    now: Date,
  ): Promise<Array<DecideRequest | DomainError>> {
    const named = new Map<string, string[]>();
    for (const body of bodies) {
      if (body instanceof DomainError || body.invoiceId === undefined) continue;
      const day = dayOf(asOfOf(body, now));
      named.set(day, [...(named.get(day) ?? []), body.invoiceId]);
    }
    const files = new Map<string, Map<string, InvoiceFile>>();
    for (const [day, ids] of named) files.set(day, await invoiceFiles(this.db, ids, day));
    return Promise.all(
      bodies.map((body) =>
        body instanceof DomainError
          ? body
          : completeRequest(body, asOfOf(body, now), async (id, day) => files.get(day)?.get(id)).catch(guard),
      ),
    );
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
    const decided = await this.decideMany(
      items.map((item) => attempt(() => parseDecideRequest(item))),
      new Date(),
    );
    const rows: NewDecisionRow[] = [];
    const results = decided.map((result): BatchResult => {
      if (!(result instanceof Error)) {
        if (!result.decision.dryRun) rows.push(result.row);
        return { ok: true, decision: result.decision };
      }
      return { ok: false, error: guard(result).toBody() };
    });
    await insertDecisions(this.db, rows);
    return results;
  }

  /**
   * Requests decided together, each with its policy's active version: the invoice files and the
   * accounts' ledgers read with one query per kind, the models scored in one batch per model, the
   * contact rules read once. Each result is in its request's place: a decision, or the error that
   * fails that request alone.
   */
  private async decideMany(
    bodies: ReadonlyArray<DecideRequestBody | DomainError>,
    now: Date,
  ): Promise<Array<Decided | Error>> {
    const requests = await this.completeAll(bodies, now);
    const ledgers = await this.ledgers(requests.filter(isRequest));
    const versions = new Map<string, Promise<LoadedVersion>>();
    const results: Array<Decided | Error | undefined> = [];
    const ready: Array<{ index: number; prepared: Prepared; loaded: LoadedVersion }> = [];
    for (const [index, request] of requests.entries()) {
      try {
        if (request instanceof DomainError) throw request;
        const policyKey = request.policyId ?? '';
        if (!versions.has(policyKey)) versions.set(policyKey, this.policies.active(request.policyId));
        const loaded = await versions.get(policyKey)!;
        ready.push({ index, prepared: this.prepare(request, now, ledgers), loaded });
        results.push(undefined);
      } catch (error) {
        results.push(asError(error));
      }
    }
    const scored = await this.score(ready.map((r) => r.prepared));
    const settings = await this.settings();
    for (const [k, { index, prepared, loaded }] of ready.entries()) {
      try {
        const decided = this.decideWith(prepared, loaded, scored[k]!, settings);
        results[index] = decided;
        this.options.onDecided?.(decided.decision);
      } catch (error) {
        results[index] = asError(error);
      }
    }
    return results as Array<Decided | Error>;
  }
}
