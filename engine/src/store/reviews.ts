/**
 * When each invoice is next due for review: its last decision's nextReviewAt. A change in the
 * ledger clears an invoice's review, so the next run looks at it whatever its date said.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { type Executor } from './database';
import { invoices, reviews } from './schema';

export async function setReview(
  db: Executor,
  review: { invoiceId: string; nextReviewOn: string; decisionId: string; decidedOn: string },
): Promise<void> {
  await db
    .insert(reviews)
    .values(review)
    .onConflictDoUpdate({
      target: reviews.invoiceId,
      set: {
        nextReviewOn: sql`excluded.next_review_on`,
        decisionId: sql`excluded.decision_id`,
        decidedOn: sql`excluded.decided_on`,
      },
    });
}

/**
 * Whether an invoice is still due for review on a day, holding a lock on it until the transaction
 * ends: two processes that decided it at once write only one decision.
 */
export async function claimReview(tx: Executor, invoiceId: string, asOf: string): Promise<boolean> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${invoiceId}, 0))`);
  const [row] = await tx.select({ next: reviews.nextReviewOn }).from(reviews).where(eq(reviews.invoiceId, invoiceId));
  return row === undefined || row.next <= asOf;
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
