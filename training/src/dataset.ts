/**
 * Training examples from canonical invoice history. The models are conditional on the
 * invoice being open at `asOf` (landmarking): each settled invoice gives one example per
 * as-of day at which it was still open, with its account's history at that day, the
 * labels seen from there, and the out-of-time split by invoice.
 */
import { AccountLedger, addDays, daysBetween, type CanonicalInvoice, type ModelInput } from '@dunwell/engine/features';
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
  /** Paid after the due date. */
  late: boolean;
  /** Paid within WITHIN_DAYS days of asOf. */
  within30: boolean;
  /** Days from issue to payment. */
  daysToPay: number;
  /** Days from asOf to payment (0: paid on the day). */
  remainingDays: number;
  daysOpen: number;
  termsDays: number;
  /** Still before or on the due date at asOf, so lateness is still uncertain. */
  beforeDue: boolean;
}

const pointName = (offset: number) => (offset === 0 ? 'due' : offset > 0 ? `due+${offset}` : `due${offset}`);

export const isEvaluationPoint = (point: string): point is EvaluationPoint =>
  (EVALUATION_POINTS as readonly string[]).includes(point);

/** The as-of days of one settled invoice at which it was still open (paid on or after them). */
function asOfDays(invoice: CanonicalInvoice): Array<{ point: string; asOf: string }> {
  const points = [
    { point: 'issue', asOf: invoice.issueDate },
    ...DUE_OFFSETS.map((offset) => ({ point: pointName(offset), asOf: addDays(invoice.dueDate, offset) })),
  ];
  return points.filter((p) => p.asOf >= invoice.issueDate && p.asOf <= invoice.settledDate!);
}

/** Examples for settled invoices, each at every as-of day at which it was open. */
export function buildExamples(rows: readonly CanonicalInvoice[], options: { withDispute: boolean }): Example[] {
  const byAccount = new Map<string, CanonicalInvoice[]>();
  for (const row of rows) byAccount.set(row.accountId, [...(byAccount.get(row.accountId) ?? []), row]);
  const ledgers = new Map([...byAccount].map(([id, invoices]) => [id, new AccountLedger(invoices)]));
  return rows
    .filter((r) => r.settledDate !== null)
    .flatMap((invoice) => {
      const settled = invoice.settledDate!;
      const termsDays = daysBetween(invoice.issueDate, invoice.dueDate);
      const daysToPay = daysBetween(invoice.issueDate, settled);
      return asOfDays(invoice).map(({ point, asOf }): Example => {
        const remainingDays = daysBetween(asOf, settled);
        return {
          invoice,
          point,
          asOf,
          input: {
            invoice: {
              amount: invoice.amount,
              currency: invoice.currency,
              issueDate: invoice.issueDate,
              dueDate: invoice.dueDate,
              disputed: options.withDispute ? invoice.disputed : null,
              paperless: invoice.paperless,
            },
            asOf,
            history: ledgers.get(invoice.accountId)!.at(asOf, invoice.invoiceId, { paperless: invoice.paperless }),
          },
          late: daysBetween(invoice.dueDate, settled) > 0,
          within30: remainingDays <= WITHIN_DAYS,
          daysToPay,
          remainingDays,
          daysOpen: daysToPay - remainingDays,
          termsDays,
          beforeDue: asOf <= invoice.dueDate,
        };
      });
    });
}

export interface Split {
  train: Example[];
  validation: Example[];
  test: Example[];
}

/**
 * Out of time, by invoice: train on invoices issued before the cutoff whose outcome was known
 * before it, test on those issued on or after it. The last 15% of the training invoices (by
 * issue date) validate early stopping and calibrate. Without a cutoff everything trains.
 */
export function splitOutOfTime(examples: readonly Example[], cutoff: string | null): Split {
  const known =
    cutoff === null
      ? [...examples]
      : examples.filter((e) => e.invoice.issueDate < cutoff && e.invoice.settledDate! < cutoff);
  const test = cutoff === null ? [] : examples.filter((e) => e.invoice.issueDate >= cutoff);
  const invoices = [...new Map(known.map((e) => [e.invoice.invoiceId, e.invoice])).values()].sort((a, b) =>
    a.issueDate < b.issueDate ? -1 : a.issueDate > b.issueDate ? 1 : 0,
  );
  const validating = new Set(invoices.slice(Math.floor(invoices.length * 0.85)).map((i) => i.invoiceId));
  return {
    train: known.filter((e) => !validating.has(e.invoice.invoiceId)),
    validation: known.filter((e) => validating.has(e.invoice.invoiceId)),
    test,
  };
}

/** The examples of a list at one evaluation point. */
export const atPoint = (examples: readonly Example[], point: EvaluationPoint): Example[] =>
  examples.filter((e) => e.point === point);
