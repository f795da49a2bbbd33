/**
 * What a collector records from a worklist row (docs/measures.md): a promise to pay, a dispute,
 * a payment, or a call nobody answered. Each is written to the ledger as the record it is, the
 * collector's step is remembered as taken, and the invoice is decided again so that the worklist
 * and the timeline show what the policy makes of it.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../errors';
import { addDays, isIsoDate } from '../features/days';
import { type Decision } from '../decide/contract';
import { type DecisionService } from '../decide/pipeline';
import {
  COLLECTOR_ACTIONS,
  invoiceFile,
  listDecisions,
  recordStepTaken,
  upsertDisputes,
  upsertPayments,
  upsertPromises,
  type ActionStatus,
  type Executor,
} from '../store';
import { AMOUNT_TOLERANCE } from './records';

const day = z.string().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD');
const on = day.optional().meta({ description: 'The day it happened; default today (UTC)' });

export const collectorOutcome = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('promise'),
        on,
        promisedDate: day,
        amount: z.number().finite().positive().optional(),
      })
      .strict(),
    z.object({ kind: z.literal('dispute'), on, reason: z.string().trim().min(1).max(200) }).strict(),
    z
      .object({
        kind: z.literal('paid'),
        on,
        amount: z.number().finite().positive().optional().meta({ description: 'Default: all that is still owed' }),
      })
      .strict(),
    z.object({ kind: z.literal('no_answer'), on }).strict(),
  ])
  .meta({ id: 'CollectorOutcome' });
export type CollectorOutcome = z.infer<typeof collectorOutcome>;

export interface RecordedOutcome {
  invoiceId: string;
  kind: CollectorOutcome['kind'];
  on: string;
  /** The ledger record written (promise, dispute or payment id), or null for no answer. */
  recordId: string | null;
  /** The collector's step marked as taken, when the latest decision was one. */
  stepTaken: { actionId: string; step: string; occurrence: number; status: ActionStatus } | null;
  /** The invoice decided again, after the record. */
  decision: Decision;
}

const unprocessable = (path: string, message: string) =>
  new DomainError('unprocessable_request', message, [{ path, message }]);

/** The latest logged decision on the invoice by the end of `on`, if it hands the invoice to a person. */
async function collectorDecision(db: Executor, invoiceId: string, on: string): Promise<Decision | undefined> {
  const {
    items: [latest],
  } = await listDecisions(db, { invoiceId, to: new Date(`${addDays(on, 1)}T00:00:00Z`), limit: 1 });
  const decision = latest?.response as Decision | undefined;
  const type = decision?.outcome === 'action' ? decision.action?.type : undefined;
  return type && (COLLECTOR_ACTIONS as readonly string[]).includes(type) ? decision : undefined;
}

export async function recordCollectorOutcome(
  db: Executor,
  decisions: DecisionService,
  invoiceId: string,
  outcome: CollectorOutcome,
  now: Date,
): Promise<RecordedOutcome> {
  const today = now.toISOString().slice(0, 10);
  const when = outcome.on ?? today;
  if (when > today) throw unprocessable('on', `on is ${when}, after today (${today}): record what has happened`);
  const file = await invoiceFile(db, invoiceId, when);
  if (!file) throw new DomainError('invoice_not_found', `The ledger holds no invoice ${invoiceId}`);
  const { invoice } = file;
  if (when < invoice.issueDate) {
    throw unprocessable('on', `on is ${when}, before invoice ${invoiceId} was issued (${invoice.issueDate})`);
  }
  const paid = file.payments.filter((p) => p.paidOn <= when).reduce((sum, p) => sum + p.amount, 0);
  const open = Math.round((invoice.amount - paid) * 100) / 100;
  if (open <= AMOUNT_TOLERANCE) {
    throw new DomainError('invoice_settled', `Invoice ${invoiceId} was paid in full by ${when}: nothing to collect`);
  }
  const worked = await collectorDecision(db, invoiceId, when);
  if (outcome.kind === 'no_answer' && !worked) {
    throw new DomainError(
      'no_collector_step',
      `The latest decision on invoice ${invoiceId} is not a call, task or escalation: no step to record as unanswered`,
    );
  }

  const recordId = `${invoiceId}:${outcome.kind}:${randomUUID()}`;
  switch (outcome.kind) {
    case 'promise':
      if (outcome.promisedDate < when) {
        throw unprocessable('promisedDate', `promisedDate ${outcome.promisedDate} is before the promise (${when})`);
      }
      await upsertPromises(db, [
        { id: recordId, invoiceId, madeOn: when, promisedDate: outcome.promisedDate, amount: outcome.amount },
      ]);
      break;
    case 'dispute':
      await upsertDisputes(db, [{ id: recordId, invoiceId, openedOn: when, reason: outcome.reason }]);
      break;
    case 'paid':
      if (outcome.amount !== undefined && outcome.amount > open + AMOUNT_TOLERANCE) {
        throw unprocessable(
          'amount',
          `amount ${outcome.amount} is more than the ${open} ${invoice.currency} still owed`,
        );
      }
      await upsertPayments(db, [{ id: recordId, invoiceId, amount: outcome.amount ?? open, paidOn: when }]);
      break;
    case 'no_answer':
      break;
  }

  const stepTaken = worked ? await takeStep(db, worked, when, outcome.kind === 'no_answer') : null;
  const asOf = when === today ? now.toISOString() : `${when}T12:00:00.000Z`;
  const decision = await decisions.decide({ invoiceId, asOf });
  return {
    invoiceId,
    kind: outcome.kind,
    on: when,
    recordId: outcome.kind === 'no_answer' ? null : recordId,
    stepTaken,
    decision,
  };
}

/** The collector did the decided step: a call answered or not, a task done, an escalation made. */
async function takeStep(db: Executor, decision: Decision, on: string, unanswered: boolean) {
  const action = decision.action!;
  const status: ActionStatus = unanswered ? 'unanswered' : 'delivered';
  const row = await recordStepTaken(
    db,
    {
      id: randomUUID(),
      invoiceId: decision.invoiceId,
      accountId: decision.accountId,
      decisionId: decision.decisionId,
      runId: null,
      step: action.step,
      occurrence: action.occurrence,
      type: action.type,
      template: action.template,
      level: action.level,
      priority: action.priority,
      target: action.target ?? null,
      decidedOn: on,
      sendAt: new Date(`${on}T12:00:00.000Z`),
    },
    status,
  );
  return { actionId: row.id, step: row.step, occurrence: row.occurrence, status };
}
