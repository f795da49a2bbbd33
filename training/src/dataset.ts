/**
 * Training examples from canonical invoice history: features at the issue date (history
 * point in time), labels from the payment date, and the out-of-time split.
 */
import { AccountLedger, daysBetween, type CanonicalInvoice, type ModelInput } from '@dunwell/engine/features';

export interface Example {
  invoice: CanonicalInvoice;
  input: ModelInput;
  /** Paid after the due date. */
  late: boolean;
  daysToPay: number;
  termsDays: number;
}

/** Examples for settled invoices, each scored as of its issue date. */
export function buildExamples(rows: readonly CanonicalInvoice[], options: { withDispute: boolean }): Example[] {
  const byAccount = new Map<string, CanonicalInvoice[]>();
  for (const row of rows) byAccount.set(row.accountId, [...(byAccount.get(row.accountId) ?? []), row]);
  const ledgers = new Map([...byAccount].map(([id, invoices]) => [id, new AccountLedger(invoices)]));
  return rows
    .filter((r) => r.settledDate !== null)
    .map((invoice) => ({
      invoice,
      input: {
        invoice: {
          amount: invoice.amount,
          currency: invoice.currency,
          issueDate: invoice.issueDate,
          dueDate: invoice.dueDate,
          disputed: options.withDispute ? invoice.disputed : null,
          paperless: invoice.paperless,
        },
        history: ledgers
          .get(invoice.accountId)!
          .at(invoice.issueDate, invoice.invoiceId, { paperless: invoice.paperless }),
      },
      late: daysBetween(invoice.dueDate, invoice.settledDate!) > 0,
      daysToPay: daysBetween(invoice.issueDate, invoice.settledDate!),
      termsDays: daysBetween(invoice.issueDate, invoice.dueDate),
    }));
}

export interface Split {
  train: Example[];
  validation: Example[];
  test: Example[];
}

/**
 * Out of time: train on invoices issued before the cutoff whose outcome was known before it,
 * test on those issued on or after it. The last 15% of training (by issue date) validates
 * early stopping. Without a cutoff everything trains.
 */
export function splitOutOfTime(examples: readonly Example[], cutoff: string | null): Split {
  const known =
    cutoff === null
      ? [...examples]
      : examples.filter((e) => e.invoice.issueDate < cutoff && e.invoice.settledDate! < cutoff);
  const test = cutoff === null ? [] : examples.filter((e) => e.invoice.issueDate >= cutoff);
  const ordered = known.sort((a, b) =>
    a.invoice.issueDate < b.invoice.issueDate ? -1 : a.invoice.issueDate > b.invoice.issueDate ? 1 : 0,
  );
  const cut = Math.floor(ordered.length * 0.85);
  return { train: ordered.slice(0, cut), validation: ordered.slice(cut), test };
}
