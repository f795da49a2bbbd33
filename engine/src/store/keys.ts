/** API keys: rows with a hash of each secret, never the secret (docs/security.md). */
import { asc, count, eq, isNull, sql } from 'drizzle-orm';
import { configWritten } from './config-cache';
import { type Executor } from './database';
import { apiKeys } from './schema';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(db: Executor, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [inserted] = await db.insert(apiKeys).values(row).returning();
  configWritten();
  return inserted!;
}

export async function getApiKey(db: Executor, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row;
}

export async function listApiKeys(db: Executor): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

export async function countLiveApiKeys(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(apiKeys).where(isNull(apiKeys.revokedAt));
  return Number(row?.n ?? 0);
}

/** Revokes a live key; returns it, or undefined when there is no such live key. */
export async function revokeApiKey(db: Executor, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(sql`${apiKeys.id} = ${id} and ${apiKeys.revokedAt} is null`)
    .returning();
  configWritten();
  return row;
}
