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

/**
 * The invoices open at the end of `day`, with what is still owed (as `o`): those not paid in full
 * by then (`settled_date`, kept by the ledger, is the day they were), less their payments by then.
 * One grouped read of the payments of the invoices still open then (aggregating every payment up to the
 * day cost most of a KPI report), not a lookup per invoice.
 */
export const openAt = (day: string) => sql`(
  select i.id, i.account_id, i.currency, i.issue_date, i.due_date,
    greatest(i.amount - coalesce(p.paid, 0), 0) as open
  from ${invoices} i
  left join (
    select p.invoice_id, sum(p.amount) as paid
    from ${payments} p join ${invoices} u on u.id = p.invoice_id
    where p.paid_on <= ${day}::date and (u.settled_date is null or u.settled_date > ${day}::date)
    group by p.invoice_id
  ) p on p.invoice_id = i.id
  where i.issue_date <= ${day}::date and (i.settled_date is null or i.settled_date > ${day}::date)
)`;

const inSegment = (segment: string | undefined) =>
  segment === undefined
    ? sql`true`
    : sql`exists (select 1 from ${accounts} a where a.id = ${invoices.accountId} and a.segment = ${segment})`;

/** Receivables open at the end of `day` (YYYY-MM-DD), by currency. */
export async function receivablesAt(db: Executor, day: string, segment?: string): Promise<ArByCurrency[]> {
  const rows = await queryRows<{ currency: string; open: number | string; current: number | string }>(
    db,
    sql`
    select o.currency,
      coalesce(sum(o.open), 0) as open,
      coalesce(sum(case when o.due_date >= ${day}::date then o.open else 0 end), 0) as current
    from ${openAt(day)} o
    where ${segment === undefined ? sql`true` : sql`exists (select 1 from ${accounts} a where a.id = o.account_id and a.segment = ${segment})`}
    group by o.currency`,
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

/** The aging buckets by days past due (docs/measures.md): `from`..`to` days, both included; null is open-ended. */
export const AGING_BUCKETS = [
  { bucket: 'current', from: null, to: 0 },
  { bucket: '1-30', from: 1, to: 30 },
  { bucket: '31-60', from: 31, to: 60 },
  { bucket: '61-90', from: 61, to: 90 },
  { bucket: '91+', from: 91, to: null },
] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number]['bucket'];

export interface OpenInvoiceAge {
  bucket: AgingBucket;
  currency: string;
  /** The account's segment or owner, or the currency, as grouped by. */
  group: string | null;
  invoices: number;
  open: number;
}

const bucketOf = sql.raw(`case
  ${AGING_BUCKETS.map((b) => (b.to === null ? `else '${b.bucket}'` : `when dpd <= ${b.to} then '${b.bucket}'`)).join(
    '\n  ',
  )}
  end`);

/** Open amounts at the end of `day` by bucket, currency and group. */
export async function openByAge(db: Executor, day: string, by: 'segment' | 'currency' | 'owner') {
  const group = by === 'currency' ? sql`i.currency` : by === 'segment' ? sql`a.segment` : sql`a.owner`;
  const rows = await queryRows<{
    bucket: AgingBucket;
    currency: string;
    grp: string | null;
    invoices: number;
    open: number | string;
  }>(
    db,
    sql`
    select ${bucketOf} as bucket, currency, grp, count(*)::int as invoices, sum(open) as open
    from (
      select i.currency, ${group} as grp, (${day}::date - i.due_date) as dpd, i.open
      from ${openAt(day)} i left join ${accounts} a on a.id = i.account_id
    ) o
    where open > 0
    group by 1, 2, 3`,
  );
  return rows.map((r): OpenInvoiceAge => ({
    bucket: r.bucket,
    currency: r.currency,
    group: r.grp,
    invoices: r.invoices,
    open: Number(r.open),
  }));
}

/**
 * The ledger's own answer to "paid within 30 days, once open this long?", per bucket: of the
 * invoices that entered the bucket (issued, for `current`; reached its first day past due,
 * otherwise) in the year before `day` minus 30 days, still open then, the share paid in full
 * within 30 days of entering it. Only what was known by `day` counts.
 */
export async function paidWithin30ByBucket(db: Executor, day: string) {
  const entries = sql.raw(AGING_BUCKETS.map((b) => `('${b.bucket}', ${b.from === null ? 'null' : b.from})`).join(', '));
  const rows = await queryRows<{ bucket: AgingBucket; eligible: number; paid: number }>(
    db,
    sql`
    with b(bucket, lo) as (values ${entries})
    select b.bucket, count(*)::int as eligible,
      count(*) filter (where i.settled_date <= e.day + 30)::int as paid
    from ${invoices} i
    cross join b
    cross join lateral (select case when b.lo is null then i.issue_date else i.due_date + b.lo end as day) e
    where e.day + 30 <= ${day}::date and e.day > ${day}::date - 395
      and (i.settled_date is null or i.settled_date >= e.day)
    group by b.bucket`,
  );
  return rows;
}

/** Weeks a cash forecast looks ahead at most. */
export const MAX_FORECAST_WEEKS = 26;

/**
 * How long invoices took to be paid in full once in each aging bucket: of those that entered it
 * in the year before `day` minus `weeks` weeks (so that every week after entering is known) and
 * were still open then, how many were paid in full in each week after entering (1 = days 1–7, the
 * entry day counting in week 1), and how many entered.
 */
export async function paidByWeekByBucket(db: Executor, day: string, weeks: number) {
  const entries = sql.raw(AGING_BUCKETS.map((b) => `('${b.bucket}', ${b.from === null ? 'null' : b.from})`).join(', '));
  const rows = await queryRows<{ bucket: AgingBucket; week: number | null; invoices: number }>(
    db,
    sql`
    with b(bucket, lo) as (values ${entries})
    select b.bucket,
      case when i.settled_date <= e.day + ${weeks * 7 - 1}::int then ((i.settled_date - e.day) / 7 + 1)::int end as week,
      count(*)::int as invoices
    from ${invoices} i
    cross join b
    cross join lateral (select case when b.lo is null then i.issue_date else i.due_date + b.lo end as day) e
    where e.day + ${weeks * 7}::int <= ${day}::date and e.day > ${day}::date - ${365 + weeks * 7}::int
      and (i.settled_date is null or i.settled_date >= e.day)
    group by 1, 2`,
  );
  return rows;
}

/** What was collected from `from` to `to` (both included) on invoices issued by `issuedBy`, by currency and day. */
export async function collectedBetween(db: Executor, from: string, to: string, issuedBy: string) {
  const rows = await queryRows<{ currency: string; day: string; amount: number | string }>(
    db,
    sql`
    select i.currency, p.paid_on::text as day, sum(p.amount) as amount
    from ${payments} p join ${invoices} i on i.id = p.invoice_id
    where p.paid_on between ${from}::date and ${to}::date and i.issue_date <= ${issuedBy}::date
    group by 1, 2`,
  );
  return rows.map((r) => ({ currency: r.currency, day: r.day, amount: Number(r.amount) }));
}

/** Each invoice open at the end of `day`, with its bucket then. */
export async function openInvoicesAt(db: Executor, day: string) {
  const rows = await queryRows<{ id: string; bucket: AgingBucket; currency: string; open: number | string }>(
    db,
    sql`
    select id, ${bucketOf} as bucket, currency, open from (
      select i.id, i.currency, (${day}::date - i.due_date) as dpd, i.open from ${openAt(day)} i
    ) o
    where open > 0`,
  );
  return rows.map((r) => ({ id: r.id, bucket: r.bucket, currency: r.currency, open: Number(r.open) }));
}
