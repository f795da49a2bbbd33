/** Idempotency keys: each key with the hash of its request and the decision it produced. */
import { eq } from 'drizzle-orm';
import { type Executor } from './database';
import { decisions, idempotencyKeys, type NewDecisionRow } from './schema';

export interface IdempotencyRecord {
  requestHash: string;
  decisionId: string;
}

export type InsertWithKeyResult =
  | { created: true; record: IdempotencyRecord }
  /** The key was already taken (maybe by a concurrent request): nothing was inserted. */
  | { created: false; record: IdempotencyRecord };

export async function findIdempotencyKey(db: Executor, key: string): Promise<IdempotencyRecord | undefined> {
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, decisionId: idempotencyKeys.decisionId })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.key, key));
  return row;
}

class KeyTaken extends Error {}

/**
 * Logs a decision under an idempotency key, both or neither. When the key is
 * already taken, even by a request still in flight, the decision is rolled
 * back and the record that holds the key is returned: the caller answers with
 * that decision (same request hash) or a conflict (different hash).
 */
export async function insertDecisionWithKey(
  db: Executor,
  decision: NewDecisionRow,
  key: string,
  requestHash: string,
): Promise<InsertWithKeyResult> {
  try {
    await db.transaction(async (tx) => {
      await tx.insert(decisions).values(decision);
      // A concurrent insert of the same key makes this wait for that transaction,
      // then do nothing if it committed.
      const inserted = await tx
        .insert(idempotencyKeys)
        .values({ key, requestHash, decisionId: decision.id })
        .onConflictDoNothing({ target: idempotencyKeys.key })
        .returning({ key: idempotencyKeys.key });
      if (inserted.length === 0) throw new KeyTaken();
    });
    return { created: true, record: { requestHash, decisionId: decision.id } };
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
  }
  const existing = await findIdempotencyKey(db, key);
  if (!existing) throw new Error(`Idempotency key ${key} was taken and then vanished.`);
  return { created: false, record: existing };
}
