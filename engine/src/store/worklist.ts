/**
 * The rows the worklist is ranked from (docs/measures.md): each invoice open at the end of a day,
 * with its latest logged decision, its account, and what is still owed; kept when that decision is
 * a collector's action (call, task, escalate) or its late probability reaches a threshold.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from './database';
import { openAt } from './measures';

export const COLLECTOR_ACTIONS = ['call', 'task', 'escalate'] as const;

export interface WorklistFilter {
  day: string;
  riskThreshold: number;
  segment?: string | undefined;
  owner?: string | undefined;
  currency?: string | undefined;
  level?: number | undefined;
}

export interface WorklistRow {
  invoiceId: string;
  accountId: string;
  accountName: string | null;
  segment: string | null;
  owner: string | null;
  currency: string;
  dueDate: string;
  openAmount: number;
  decision: Record<string, unknown>;
}

export async function worklistRows(db: Executor, f: WorklistFilter): Promise<WorklistRow[]> {
  const where: SQL[] = [sql`o.open_amount > 0`];
  if (f.segment !== undefined) where.push(sql`a.segment = ${f.segment}`);
  if (f.owner !== undefined) where.push(sql`a.owner = ${f.owner}`);
  if (f.currency !== undefined) where.push(sql`o.currency = ${f.currency}`);
  if (f.level !== undefined) where.push(sql`(l.response->'action'->>'level')::int = ${f.level}`);
  const collector = sql.join(
    COLLECTOR_ACTIONS.map((a) => sql`${a}`),
    sql`, `,
  );
  const rows = await queryRows<{
    invoice_id: string;
    account_id: string;
    name: string | null;
    segment: string | null;
    owner: string | null;
    currency: string;
    due_date: string;
    open_amount: number | string;
    response: Record<string, unknown>;
  }>(
    db,
    sql`
    with latest as (
      select distinct on (d.invoice_id) d.invoice_id, d.outcome, d.response
      from decisions d
      where d.as_of < (${f.day}::date + 1)
      order by d.invoice_id, d.as_of desc, d.created_at desc, d.id desc
    ), open as (
      select i.id, i.account_id, i.currency, i.due_date::text as due_date, i.open as open_amount
      from ${openAt(f.day)} i
    )
    select o.id as invoice_id, o.account_id, a.name, a.segment, a.owner, o.currency, o.due_date, o.open_amount, l.response
    from latest l
    join open o on o.id = l.invoice_id
    left join accounts a on a.id = o.account_id
    where ${sql.join(where, sql` and `)}
      and (
        (l.outcome = 'action' and l.response->'action'->>'type' in (${collector}))
        or coalesce((l.response->'scores'->>'lateProbability')::float8, 0) >= ${f.riskThreshold}
      )`,
  );
  return rows.map((r) => ({
    invoiceId: r.invoice_id,
    accountId: r.account_id,
    accountName: r.name,
    segment: r.segment,
    owner: r.owner,
    currency: r.currency,
    dueDate: r.due_date,
    openAmount: Number(r.open_amount),
    decision: r.response,
  }));
}
