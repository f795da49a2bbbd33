/**
 * The canonical invoice history format: one row per invoice. Training reads it, the
 * ledger import writes it to the store, the synthetic generator produces it.
 */
import { z } from 'zod';
import { isIsoDate } from '../features/days';

const date = z.string().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD');

export const canonicalInvoiceSchema = z.object({
  invoiceId: z.string().min(1).max(200),
  accountId: z.string().min(1).max(200),
  issueDate: date,
  dueDate: date,
  amount: z.number().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  /** Payment date; null while the invoice is open. */
  settledDate: date.nullable(),
  /** null when the source does not say. */
  disputed: z.boolean().nullable(),
  paperless: z.boolean().nullable().default(null),
  /** Columns the format does not define, kept as text. */
  extra: z.record(z.string(), z.string()).default({}),
});
export type CanonicalInvoice = z.infer<typeof canonicalInvoiceSchema>;

/** Column names of the canonical CSV, in order; extra columns follow. */
export const CANONICAL_COLUMNS = {
  invoiceId: 'invoice_id',
  accountId: 'account_id',
  issueDate: 'issue_date',
  dueDate: 'due_date',
  amount: 'amount',
  currency: 'currency',
  settledDate: 'settled_date',
  disputed: 'disputed',
  paperless: 'paperless',
} as const;
export type CanonicalField = keyof typeof CANONICAL_COLUMNS;

const csvCell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Writes rows in the canonical CSV format (the inverse of the `canonical` mapping). */
export function toCanonicalCsv(rows: readonly CanonicalInvoice[]): string {
  const extras = [...new Set(rows.flatMap((r) => Object.keys(r.extra)))].sort();
  const header = [...Object.values(CANONICAL_COLUMNS), ...extras];
  const bool = (b: boolean | null) => (b === null ? '' : b ? 'true' : 'false');
  const lines = rows.map((r) =>
    [
      r.invoiceId,
      r.accountId,
      r.issueDate,
      r.dueDate,
      String(r.amount),
      r.currency,
      r.settledDate ?? '',
      bool(r.disputed),
      bool(r.paperless),
      ...extras.map((e) => r.extra[e] ?? ''),
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
