/**
 * Runs: a date's review of every open invoice that is due, in chunks of account-id ranges that
 * any engine process may take. A real run's counts are its logged decisions and its errors, so a
 * crash or a retried chunk cannot make them wrong.
 */
import { and, asc, desc, eq, gte, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { type Executor } from './database';
import { decisions, invoices, reviews, runChunks, runErrors, runs, type RunRow } from './schema';

export interface NewRun {
  id: string;
  asOf: string;
  policyId: string | null;
  dryRun: boolean;
  trigger: 'api' | 'schedule' | 'cli';
}

/** Invoices open on a day: issued by then and not yet settled. */
const openOn = (asOf: string) =>
  and(lte(invoices.issueDate, asOf), or(isNull(invoices.settledDate), sql`${invoices.settledDate} > ${asOf}`));

/**
 * Creates a run and its chunks: ranges of account ids, in order, each closed once it holds
 * `chunkSize` open invoices. An account is never split between chunks, so one process decides all
 * of an account's invoices of the day, in order, and its contact rules hold. Whether an invoice is
 * due for review is checked when its chunk is processed.
 */
export async function createRun(db: Executor, run: NewRun, chunkSize: number): Promise<RunRow> {
  return db.transaction(async (tx) => {
    const perAccount = await tx
      .select({ accountId: invoices.accountId, n: sql<number>`count(*)` })
      .from(invoices)
      .where(openOn(run.asOf))
      .groupBy(invoices.accountId)
      .orderBy(asc(invoices.accountId));
    const starts: string[] = [];
    let total = 0;
    let inChunk = chunkSize;
    for (const { accountId, n } of perAccount) {
      if (inChunk >= chunkSize) {
        starts.push(accountId);
        inChunk = 0;
      }
      inChunk += Number(n);
      total += Number(n);
    }
    const [row] = await tx
      .insert(runs)
      .values({ ...run, invoices: total, chunks: starts.length })
      .returning();
    const chunks = starts.map((fromId, i) => ({ runId: run.id, chunk: i, fromId, toId: starts[i + 1] ?? null }));
    for (let i = 0; i < chunks.length; i += 1000) await tx.insert(runChunks).values(chunks.slice(i, i + 1000));
    if (chunks.length === 0) {
      const [done] = await tx
        .update(runs)
        .set({ status: 'done', startedAt: sql`now()`, finishedAt: sql`now()` })
        .where(eq(runs.id, run.id))
        .returning();
      return done!;
    }
    return row!;
  });
}

export async function getRun(db: Executor, id: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  return row;
}

export async function listRuns(db: Executor, limit: number): Promise<RunRow[]> {
  return db.select().from(runs).orderBy(desc(runs.createdAt)).limit(limit);
}

/** Whether a run of this trigger exists for the day (the daily schedule creates one at most). */
export async function runExists(db: Executor, asOf: string, trigger: NewRun['trigger']): Promise<boolean> {
  const [row] = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.asOf, asOf), eq(runs.trigger, trigger)))
    .limit(1);
  return row !== undefined;
}

export async function getChunk(db: Executor, runId: string, chunk: number) {
  const [row] = await db
    .select()
    .from(runChunks)
    .where(and(eq(runChunks.runId, runId), eq(runChunks.chunk, chunk)));
  return row;
}

/** Chunks of unfinished runs that are not done: what a process picks up again after a restart. */
export async function unfinishedChunks(db: Executor): Promise<Array<{ runId: string; chunk: number }>> {
  return db
    .select({ runId: runChunks.runId, chunk: runChunks.chunk })
    .from(runChunks)
    .innerJoin(runs, eq(runs.id, runChunks.runId))
    .where(and(ne(runs.status, 'done'), ne(runChunks.status, 'done')))
    .orderBy(asc(runs.createdAt), asc(runChunks.chunk));
}

/** The invoices of a chunk that are open and due for review on the run's day, by account and id. */
export async function dueInvoices(
  db: Executor,
  chunk: { fromId: string; toId: string | null },
  asOf: string,
): Promise<string[]> {
  const rows = await db
    .select({ id: invoices.id })
    .from(invoices)
    .leftJoin(reviews, eq(reviews.invoiceId, invoices.id))
    .where(
      and(
        gte(invoices.accountId, chunk.fromId),
        chunk.toId === null ? undefined : lt(invoices.accountId, chunk.toId),
        openOn(asOf),
        or(isNull(reviews.invoiceId), lte(reviews.nextReviewOn, asOf)),
      ),
    )
    .orderBy(asc(invoices.accountId), asc(invoices.id));
  return rows.map((r) => r.id);
}

export async function markRunStarted(db: Executor, runId: string): Promise<void> {
  await db
    .update(runs)
    .set({ status: 'running', startedAt: sql`coalesce(${runs.startedAt}, now())` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'queued')));
}

/**
 * Marks a chunk done (adding a dry run's counts) and the run done with its last chunk. The run's
 * row is locked first: two chunks finishing at once would each see the other still open, and
 * neither would close the run.
 */
export async function finishChunk(
  db: Executor,
  runId: string,
  chunk: number,
  worker: string,
  dryCounts: Record<string, number>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, runId)).for('update');
    const [updated] = await tx
      .update(runChunks)
      .set({ status: 'done', worker, finishedAt: sql`now()` })
      .where(and(eq(runChunks.runId, runId), eq(runChunks.chunk, chunk), ne(runChunks.status, 'done')))
      .returning({ chunk: runChunks.chunk });
    if (!updated) return;
    for (const [outcome, n] of Object.entries(dryCounts)) {
      await tx
        .update(runs)
        .set({
          dryCounts: sql`jsonb_set(${runs.dryCounts}, ${`{${outcome}}`}::text[], to_jsonb(coalesce((${runs.dryCounts}->>${outcome})::int, 0) + ${n}))`,
        })
        .where(eq(runs.id, runId));
    }
    await tx
      .update(runs)
      .set({ status: 'done', finishedAt: sql`now()` })
      .where(
        and(
          eq(runs.id, runId),
          sql`not exists (select 1 from ${runChunks} where ${runChunks.runId} = ${runId} and ${runChunks.status} <> 'done')`,
        ),
      );
  });
}

export async function recordRunError(
  db: Executor,
  error: { runId: string; invoiceId: string; code: string; message: string },
): Promise<void> {
  await db.insert(runErrors).values(error).onConflictDoNothing();
}

/** A run's progress: decisions by outcome (a dry run's as counted), errors, chunks done and by which process. */
export async function runProgress(db: Executor, run: RunRow) {
  const outcomes = run.dryRun
    ? run.dryCounts
    : Object.fromEntries(
        (
          await db
            .select({ outcome: decisions.outcome, n: sql<number>`count(*)` })
            .from(decisions)
            .where(eq(decisions.runId, run.id))
            .groupBy(decisions.outcome)
        ).map((r) => [r.outcome, Number(r.n)]),
      );
  const errors = await db
    .select({ invoiceId: runErrors.invoiceId, code: runErrors.code, message: runErrors.message })
    .from(runErrors)
    .where(eq(runErrors.runId, run.id))
    .orderBy(asc(runErrors.invoiceId))
    .limit(100);
  const [errorCount] = await db
    .select({ n: sql<number>`count(*)` })
    .from(runErrors)
    .where(eq(runErrors.runId, run.id));
  const workers = await db
    .select({ worker: runChunks.worker, chunks: sql<number>`count(*)` })
    .from(runChunks)
    .where(and(eq(runChunks.runId, run.id), eq(runChunks.status, 'done')))
    .groupBy(runChunks.worker);
  return {
    outcomes: outcomes as Record<string, number>,
    errors: { count: Number(errorCount?.n ?? 0), first: errors },
    chunksDone: workers.reduce((sum, w) => sum + Number(w.chunks), 0),
    workers: Object.fromEntries(workers.map((w) => [w.worker ?? 'unknown', Number(w.chunks)])),
  };
}

/** Chunks of the runs not yet done, by status (queued, done): what is left of the work in progress. */
export async function unfinishedRunChunks(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: runChunks.status, n: sql<number>`count(*)` })
    .from(runChunks)
    .innerJoin(runs, eq(runs.id, runChunks.runId))
    .where(sql`${runs.status} <> 'done'`)
    .groupBy(runChunks.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
