/** Backtests and the logged decisions they replay, read in pages in the order they were made. */
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { type Executor } from './database';
import { backtests, decisions, type BacktestRow } from './schema';

export async function insertBacktest(db: Executor, row: typeof backtests.$inferInsert): Promise<BacktestRow> {
  const [inserted] = await db.insert(backtests).values(row).returning();
  return inserted!;
}

export async function getBacktest(db: Executor, policyId: string, id: string): Promise<BacktestRow | undefined> {
  const [row] = await db
    .select()
    .from(backtests)
    .where(and(eq(backtests.policyId, policyId), eq(backtests.id, id)));
  return row;
}

export async function updateBacktest(
  db: Executor,
  id: string,
  change: Partial<Pick<BacktestRow, 'status' | 'total' | 'done' | 'result' | 'error'>>,
): Promise<void> {
  await db
    .update(backtests)
    .set({ ...change, updatedAt: sql`now()` })
    .where(eq(backtests.id, id));
}

/** The first and last day (UTC) of the policy's logged decisions, and how many lie in [from, to]. */
export async function decisionLogSpan(db: Executor, policyId: string, from: Date, to: Date) {
  const [span] = await db
    .select({
      first: sql<string | null>`(min(${decisions.asOf}) at time zone 'UTC')::date::text`,
      last: sql<string | null>`(max(${decisions.asOf}) at time zone 'UTC')::date::text`,
      inRange: sql<number>`(count(*) filter (where ${decisions.asOf} >= ${from.toISOString()}::timestamptz and ${decisions.asOf} < ${to.toISOString()}::timestamptz))::int`,
    })
    .from(decisions)
    .where(eq(decisions.policyId, policyId));
  return { first: span?.first ?? null, last: span?.last ?? null, inRange: Number(span?.inRange ?? 0) };
}

/** A page of the policy's logged decisions in [from, to), oldest first, after the one given. */
export async function decisionsToReplay(
  db: Executor,
  policyId: string,
  range: { from: Date; to: Date },
  after: { asOf: Date; id: string } | undefined,
  limit: number,
) {
  return db
    .select({
      id: decisions.id,
      invoiceId: decisions.invoiceId,
      asOf: decisions.asOf,
      request: decisions.request,
      facts: decisions.facts,
    })
    .from(decisions)
    .where(
      and(
        eq(decisions.policyId, policyId),
        gte(decisions.asOf, range.from),
        lt(decisions.asOf, range.to),
        after
          ? sql`(${decisions.asOf}, ${decisions.id}) > (${after.asOf.toISOString()}::timestamptz, ${after.id})`
          : undefined,
      ),
    )
    .orderBy(asc(decisions.asOf), asc(decisions.id))
    .limit(limit);
}
