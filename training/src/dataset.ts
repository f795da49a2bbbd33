/**
 * Training examples from canonical invoice history. The models are conditional on the
 * invoice being open at `asOf` (landmarking): each invoice gives one example per as-of day at
 * which it was still open, with its account's history at that day, the labels seen from there,
 * and the out-of-time split by invoice. An invoice not paid by the end of what is known (the
 * data's last day, or the cutoff for training) is censored: it still counts, with the labels
 * that were already decided (open past its due date: late; open 30 days after `asOf`: not paid
 * within 30 days) and the others unknown (null).
 */
import {
  AccountLedger,
  addDays,
  daysBetween,
  disputedAt,
  latestPromise,
  mergeHistory,
  stepsBefore,
  type AccountInput,
  type CanonicalInvoice,
  type InvoiceRecords,
  type ModelInput,
} from '@dunwell/engine/features';
import { EVALUATION_POINTS, type EvaluationPoint } from '@dunwell/engine/models';

/** Days after the due date at which an open invoice is sampled, besides its issue date. */
export const DUE_OFFSETS = [-14, -7, 0, 7, 15, 30, 45, 60, 90] as const;

/** The window of `payWithin30Probability`: paid at most this many days after `asOf`. */
export const WITHIN_DAYS = 30;

export interface Example {
  invoice: CanonicalInvoice;
  /** `issue`, `due`, or `due+N` / `due-N`: where the invoice stood at `asOf`. */
  point: string;
  asOf: string;
  input: ModelInput;
  /** Paid after the due date; null while that was not known. */
  late: boolean | null;
  /** Paid within WITHIN_DAYS days of asOf; null while that was not known. */
  within30: boolean | null;
  /** Days from issue to payment; null when it was not paid by the end of what is known. */
  daysToPay: number | null;
  /** Days from asOf to payment (0: paid on the day); null with daysToPay. */
  remainingDays: number | null;
  daysOpen: number;
  termsDays: number;
  /** Still before or on the due date at asOf, so lateness is still uncertain. */
  beforeDue: boolean;
}

const pointName = (offset: number) => (offset === 0 ? 'due' : offset > 0 ? `due+${offset}` : `due${offset}`);

export const isEvaluationPoint = (point: string): point is EvaluationPoint =>
  (EVALUATION_POINTS as readonly string[]).includes(point);

/** The as-of days before `horizon` of one invoice at which it was still open (paid on or after them). */
function asOfDays(invoice: CanonicalInvoice, horizon: string): Array<{ point: string; asOf: string }> {
  const points = [
    { point: 'issue', asOf: invoice.issueDate },
    ...DUE_OFFSETS.map((offset) => ({ point: pointName(offset), asOf: addDays(invoice.dueDate, offset) })),
  ];
  const paid = invoice.settledDate;
  return points.filter((p) => p.asOf >= invoice.issueDate && p.asOf < horizon && (paid === null || p.asOf <= paid));
}

type Labels = Pick<Example, 'late' | 'within30' | 'daysToPay' | 'remainingDays'>;

/**
 * The labels of an invoice open at `asOf` as seen before `horizon` (a payment on or after it is not
 * seen). An open invoice's lateness is known once its due date has passed, and its 30-day outcome once
 * those 30 days have. With `windowsClosed`, a label counts only then, paid or not: otherwise the
 * invoices that paid early would count and the slow ones not, and the examples would lean towards paying.
 */
function labelsAt(invoice: CanonicalInvoice, asOf: string, horizon: string, windowsClosed: boolean): Labels {
  const paid = invoice.settledDate !== null && invoice.settledDate < horizon ? invoice.settledDate : null;
  const lateSeen = invoice.dueDate < horizon || (paid !== null && !windowsClosed);
  const withinSeen = addDays(asOf, WITHIN_DAYS) < horizon || (paid !== null && !windowsClosed);
  return {
    late: lateSeen ? paid === null || paid > invoice.dueDate : null,
    within30: withinSeen ? paid !== null && daysBetween(asOf, paid) <= WITHIN_DAYS : null,
    daysToPay: paid === null ? null : daysBetween(invoice.issueDate, paid),
    remainingDays: paid === null ? null : daysBetween(asOf, paid),
  };
}

/** The day after the last date in the rows: everything in them is known before it. */
function dataEnd(rows: readonly CanonicalInvoice[]): string {
  let last = '0000-01-01';
  for (const r of rows) {
    for (const d of [r.issueDate, r.settledDate]) if (d !== null && d > last) last = d;
  }
  return addDays(last, 1);
}

/** The account's history on a day, merged with its master data as decide merges it. */
function historyAt(ledger: AccountLedger, invoice: CanonicalInvoice, account: AccountInput | undefined, asOf: string) {
  const history = ledger.at(asOf, invoice.invoiceId, { paperless: invoice.paperless });
  return account ? mergeHistory(history, account, new Date(`${asOf}T00:00:00Z`))! : history;
}

/** What the engine's ledger knows besides the invoice rows (`pnpm train --from-store`). */
export interface LedgerDetail {
  /** Each invoice's steps, promises and disputes; an invoice without an entry has none. */
  records: ReadonlyMap<string, InvoiceRecords>;
  /** Each account's master data, as decide reads it. */
  accounts: ReadonlyMap<string, AccountInput>;
}

/** The dunning in the ledger's records, for the command's output and the card: steps, promises, and on how many invoices. */
export function dunningSummary(records: ReadonlyMap<string, InvoiceRecords>) {
  let steps = 0;
  let promises = 0;
  let invoices = 0;
  for (const r of records.values()) {
    steps += r.stepDays.length;
    promises += r.promises.length;
    if (r.stepDays.length + r.promises.length > 0) invoices += 1;
  }
  return { steps, promises, invoices };
}

const NO_RECORDS: InvoiceRecords = { stepDays: [], promises: [], disputes: [] };

/**
 * Examples for every invoice, each at every as-of day at which it was open, labelled with all the rows
 * know. With the engine's `ledger`, each example reads what decide reads of an invoice in the ledger on
 * its as-of day: the dunning done by then, a dispute open then, the account's tenure from its
 * customerSince. Without, the dunning stays unknown and the dispute is the row's flag.
 */
export function buildExamples(
  rows: readonly CanonicalInvoice[],
  options: { withDispute: boolean; ledger?: LedgerDetail },
): Example[] {
  const byAccount = new Map<string, CanonicalInvoice[]>();
  for (const row of rows) byAccount.set(row.accountId, [...(byAccount.get(row.accountId) ?? []), row]);
  const ledgers = new Map([...byAccount].map(([id, invoices]) => [id, new AccountLedger(invoices)]));
  const horizon = dataEnd(rows);
  return rows.flatMap((invoice) => {
    const termsDays = daysBetween(invoice.issueDate, invoice.dueDate);
    const records = options.ledger && (options.ledger.records.get(invoice.invoiceId) ?? NO_RECORDS);
    const account = options.ledger?.accounts.get(invoice.accountId);
    return asOfDays(invoice, horizon).map(({ point, asOf }): Example => ({
      invoice,
      point,
      asOf,
      input: {
        invoice: {
          amount: invoice.amount,
          currency: invoice.currency,
          issueDate: invoice.issueDate,
          dueDate: invoice.dueDate,
          disputed: !options.withDispute
            ? null
            : records
              ? (disputedAt(records.disputes, invoice.disputed, asOf) ?? null)
              : invoice.disputed,
          paperless: invoice.paperless,
          ...(records && { promiseToPayDate: latestPromise(records.promises, asOf)?.promisedDate ?? null }),
        },
        asOf,
        history: historyAt(ledgers.get(invoice.accountId)!, invoice, account, asOf),
        ...(records && { stepsTaken: stepsBefore(records.stepDays, asOf) }),
      },
      ...labelsAt(invoice, asOf, horizon, false),
      daysOpen: daysBetween(invoice.issueDate, asOf),
      termsDays,
      beforeDue: asOf <= invoice.dueDate,
    }));
  });
}

export interface Split {
  train: Example[];
  validation: Example[];
  test: Example[];
}

/**
 * Out of time, by invoice: train on invoices issued before the cutoff, at their as-of days before
 * it, labelled with what was known before it (a payment on or after the cutoff is not); test on
 * invoices issued on or after it. The last 15% of the training invoices (by issue date) validate
 * early stopping and calibrate. Without a cutoff everything trains.
 */
export function splitOutOfTime(examples: readonly Example[], cutoff: string | null): Split {
  const known =
    cutoff === null
      ? [...examples]
      : examples
          .filter((e) => e.invoice.issueDate < cutoff && e.asOf < cutoff)
          .map((e) => ({ ...e, ...labelsAt(e.invoice, e.asOf, cutoff, true) }));
  const test = cutoff === null ? [] : examples.filter((e) => e.invoice.issueDate >= cutoff);
  return { ...holdOutNewest(known), test };
}

/**
 * The examples of as many invoices as the newest 15% as the validation slice, the rest to train:
 * the newest invoices, or the newest of those `eligible` to validate.
 */
export function holdOutNewest<E extends Example>(
  examples: readonly E[],
  eligible: (invoice: CanonicalInvoice) => boolean = () => true,
): { train: E[]; validation: E[] } {
  const invoices = [...new Map(examples.map((e) => [e.invoice.invoiceId, e.invoice])).values()];
  const candidates = invoices
    .filter(eligible)
    .sort((a, b) => (a.issueDate < b.issueDate ? -1 : a.issueDate > b.issueDate ? 1 : 0));
  const count = invoices.length - Math.floor(invoices.length * 0.85);
  const validating = new Set(candidates.slice(Math.max(0, candidates.length - count)).map((i) => i.invoiceId));
  return {
    train: examples.filter((e) => !validating.has(e.invoice.invoiceId)),
    validation: examples.filter((e) => validating.has(e.invoice.invoiceId)),
  };
}

/**
 * For the payment-date model, which learns from paid invoices only, those issued long enough before
 * the last payment seen that nine in ten of their kind were paid by then: of the invoices issued
 * since, only the quick payers are paid yet, and a model that learnt from them would expect
 * payment too soon and calibrate its ranges too narrow. Of those, as many invoices as the newest
 * 15% of all validate, the newest first; the rest train.
 */
export function holdOutSettled(paid: readonly Paid[]): { train: Paid[]; validation: Paid[] } {
  const days = [...new Map(paid.map((e) => [e.invoice.invoiceId, e.daysToPay])).values()].sort((a, b) => a - b);
  const settle = days[Math.floor(days.length * 0.9)] ?? 0;
  const last = paid.reduce((end, e) => (e.invoice.settledDate! > end ? e.invoice.settledDate! : end), '0000-01-01');
  const settledBy = addDays(last, -settle);
  const { train, validation } = holdOutNewest(paid, (invoice) => invoice.issueDate <= settledBy);
  return { train: train.filter((e) => e.invoice.issueDate <= settledBy), validation };
}

/** An example whose payment was known: every label is. */
export type Paid = Example & { late: boolean; within30: boolean; daysToPay: number; remainingDays: number };

export const paidOnly = (examples: readonly Example[]): Paid[] =>
  examples.filter((e): e is Paid => e.daysToPay !== null);

/** The examples of a list at one evaluation point. */
export const atPoint = (examples: readonly Example[], point: EvaluationPoint): Example[] =>
  examples.filter((e) => e.point === point);
