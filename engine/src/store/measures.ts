/**
 * The ledger's sums that portfolio measures are made of (docs/measures.md), in SQL so that a
 * ledger of any size is one query per date: receivables open at the end of a day, and credit sales
 * in a period, each by currency. Open at a day is the invoice's amount less the payments made by
 * then, as decide reads it (ledger/at.ts).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './database';
import { accounts, invoices, payments } from './schema';

export interface ArByCurrency {
  currency: string;
  /** Open at the end of the day. */
  open: number;
  /** The part of it not yet past due (due on or after the day). */
  current: number;
}

const inSegment = (segment: string | undefined) =>
  segment === undefined
    ? sql`true`
    : sql`exists (select 1 from ${accounts} a where a.id = ${invoices.accountId} and a.segment = ${segment})`;

/** Receivables open at the end of `day` (YYYY-MM-DD), by currency. */
export async function receivablesAt(db: Executor, day: string, segment?: string): Promise<ArByCurrency[]> {
  const rows = await queryRows<{ currency: string; open: number | string; current: number | string }>(
    db,
    sql`
    select ${invoices.currency} as currency,
      coalesce(sum(o.open), 0) as open,
      coalesce(sum(case when ${invoices.dueDate} >= ${day}::date then o.open else 0 end), 0) as current
    from ${invoices}
    cross join lateral (
      select greatest(${invoices.amount} - coalesce((
        select sum(p.amount) from ${payments} p where p.invoice_id = ${invoices.id} and p.paid_on <= ${day}::date
      ), 0), 0) as open
    ) o
    where ${invoices.issueDate} <= ${day}::date and ${inSegment(segment)}
    group by ${invoices.currency}`,
  );
  return rows.map((r) => ({ currency: r.currency, open: Number(r.open), current: Number(r.current) }));
}

/** Invoiced amounts issued from `from` to `to` (both included), by currency. */
export async function creditSales(
  db: Executor,
  from: string,
  to: string,
  segment?: string,
): Promise<Array<{ currency: string; amount: number }>> {
  const rows = await queryRows<{ currency: string; amount: number | string }>(
    db,
    sql`
    select ${invoices.currency} as currency, coalesce(sum(${invoices.amount}), 0) as amount
    from ${invoices}
    where ${invoices.issueDate} between ${from}::date and ${to}::date and ${inSegment(segment)}
    group by ${invoices.currency}`,
  );
  return rows.map((r) => ({ currency: r.currency, amount: Number(r.amount) }));
}
