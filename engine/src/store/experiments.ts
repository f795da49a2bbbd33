/**
 * What the experiments are measured from: the invoices that entered each arm of a split node (the
 * first logged decision whose path passed through it), with their amounts, payments and the
 * contacts made after they entered; and the split nodes that decisions passed through.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './database';

export interface ArmEntry {
  invoiceId: string;
  accountId: string;
  arm: string;
  /** The day (UTC) of the first decision through the split. */
  enteredOn: string;
  amount: number;
  currency: string;
  payments: Array<{ amount: number; paidOn: string }>;
  /** Days of contacts (email, SMS, call, letter) taken on the invoice from the day it entered. */
  contactDays: string[];
}

const CONTACTS = sql`array['email', 'sms', 'call', 'letter']`;

/** Each invoice's entry into the split node `nodeId` of the policy, with its outcomes known by `asOf`. */
export async function armEntries(db: Executor, policyId: string, nodeId: string, asOf: string): Promise<ArmEntry[]> {
  const node = JSON.stringify([{ nodeId }]);
  const rows = await queryRows<{
    invoice_id: string;
    account_id: string;
    arm: string | null;
    entered_on: string;
    amount: number | string;
    currency: string;
    payments: Array<{ amount: number | string; paidOn: string }> | null;
    contact_days: string[] | null;
  }>(
    db,
    sql`
    with entered as (
      select distinct on (d.invoice_id) d.invoice_id, d.account_id, d.response,
        (d.as_of at time zone 'UTC')::date as entered_on
      from decisions d
      where d.policy_id = ${policyId}
        and d.response->'explanation'->'path' @> ${node}::jsonb
        and d.as_of < (${asOf}::date + 1)
      order by d.invoice_id, d.as_of, d.id
    )
    select e.invoice_id, e.account_id, e.entered_on::text as entered_on,
      (select s->'split'->>'arm' from jsonb_array_elements(e.response->'explanation'->'path') s
        where s->>'nodeId' = ${nodeId} limit 1) as arm,
      i.amount, i.currency,
      (select json_agg(json_build_object('amount', p.amount, 'paidOn', p.paid_on::text) order by p.paid_on)
        from payments p where p.invoice_id = e.invoice_id and p.paid_on <= ${asOf}::date) as payments,
      (select array_agg(a.decided_on::text order by a.decided_on) from actions a
        where a.invoice_id = e.invoice_id and a.decided_on >= e.entered_on and a.decided_on <= ${asOf}::date
          and a.type = any(${CONTACTS}) and a.status not in ('bounced', 'failed')) as contact_days
    from entered e
    join invoices i on i.id = e.invoice_id`,
  );
  return rows
    .filter((r) => r.arm !== null)
    .map((r) => ({
      invoiceId: r.invoice_id,
      accountId: r.account_id,
      arm: r.arm!,
      enteredOn: r.entered_on,
      amount: Number(r.amount),
      currency: r.currency,
      payments: (r.payments ?? []).map((p) => ({ amount: Number(p.amount), paidOn: p.paidOn })),
      contactDays: r.contact_days ?? [],
    }));
}

/** The split nodes decisions of each policy passed through: invoices entered, first and last entry day. */
export async function splitNodesDecided(db: Executor) {
  return queryRows<{ policy_id: string; node_id: string; invoices: number; first: string; last: string }>(
    db,
    sql`
    select d.policy_id, s->>'nodeId' as node_id, count(distinct d.invoice_id)::int as invoices,
      (min(d.as_of) at time zone 'UTC')::date::text as first, (max(d.as_of) at time zone 'UTC')::date::text as last
    from decisions d, jsonb_array_elements(d.response->'explanation'->'path') s
    where s->>'kind' = 'split'
    group by 1, 2
    order by 1, 2`,
  );
}
