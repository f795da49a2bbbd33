/** Idempotency keys: each key with the hash of its request and the decision it produced (written by decision-log.ts). */
import { eq } from 'drizzle-orm';
import { type Executor } from './database';
import { idempotencyKeys } from './schema';

export interface IdempotencyRecord {
  requestHash: string;
  decisionId: string;
}

export async function findIdempotencyKey(db: Executor, key: string): Promise<IdempotencyRecord | undefined> {
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, decisionId: idempotencyKeys.decisionId })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.key, key));
  return row;
}
