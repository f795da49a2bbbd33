/**
 * When each invoice is next due for review: its last decision's nextReviewAt. A change in the
 * ledger clears an invoice's review, so the next run looks at it whatever its date said.
 */
import { and, gt, inArray, sql } from 'drizzle-orm';
import { type Executor } from './database';
import { anyOf } from './any-of';
import { insertJsonRows } from './json-rows';
import { invoices, reviews } from './schema';

export interface Review {
  invoiceId: string;
  nextReviewOn: string;
  decisionId: string;
  decidedOn: string;
}

export async function setReviews(db: Executor, rows: readonly Review[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.execute(
      sql`${insertJsonRows(reviews, rows.slice(i, i + 1000))}
        on conflict (invoice_id) do update set next_review_on = excluded.next_review_on,
          decision_id = excluded.decision_id, decided_on = excluded.decided_on`,
    );
  }
}

/**
 * The invoices still due for review on a day, holding a lock on each until the transaction ends:
 * two processes that decided one at once write only one decision. Locks are taken in one order,
 * so two transactions claiming overlapping invoices never deadlock.
 */
export async function claimReviews(tx: Executor, invoiceIds: readonly string[], asOf: string): Promise<Set<string>> {
  if (invoiceIds.length === 0) return new Set();
  // One statement and one array parameter for every lock: in batches, each batch would be in order
  // but not the whole, and two claims of more than a batch could deadlock.
  await tx.execute(
    sql`select pg_advisory_xact_lock(k) from (select distinct hashtextextended(id, 0) as k from unnest(${sql.param(invoiceIds)}::text[]) as id order by k) as keys`,
  );
  const later = await tx
    .select({ invoiceId: reviews.invoiceId })
    .from(reviews)
    .where(and(anyOf(reviews.invoiceId, invoiceIds), gt(reviews.nextReviewOn, asOf)));
  const notDue = new Set(later.map((r) => r.invoiceId));
  return new Set(invoiceIds.filter((id) => !notDue.has(id)));
}

/** The invoices are due for review again. */
export async function clearReviews(db: Executor, invoiceIds: readonly string[]): Promise<void> {
  for (let i = 0; i < invoiceIds.length; i += 1000) {
    await db.delete(reviews).where(inArray(reviews.invoiceId, invoiceIds.slice(i, i + 1000)));
  }
}

/** Every invoice of the accounts is due for review again. */
export async function clearAccountReviews(db: Executor, accountIds: readonly string[]): Promise<void> {
  for (let i = 0; i < accountIds.length; i += 1000) {
    const chunk = accountIds.slice(i, i + 1000);
    await db
      .delete(reviews)
      .where(
        inArray(
          reviews.invoiceId,
          db.select({ id: invoices.id }).from(invoices).where(inArray(invoices.accountId, chunk)),
        ),
      );
  }
}
