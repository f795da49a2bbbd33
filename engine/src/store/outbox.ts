/**
 * Webhooks and the outbox: deliveries are written with the decision that causes them, then claimed
 * by any process with FOR UPDATE SKIP LOCKED, so each goes out from one process at a time.
 */
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import { type Executor } from './database';
import { deliveries, webhooks, type DeliveryRow, type WebhookRow } from './schema';

export async function insertWebhook(db: Executor, webhook: typeof webhooks.$inferInsert): Promise<WebhookRow> {
  const [row] = await db.insert(webhooks).values(webhook).returning();
  return row!;
}

export async function listWebhooks(db: Executor): Promise<WebhookRow[]> {
  return db.select().from(webhooks).orderBy(asc(webhooks.createdAt));
}

export async function deleteWebhook(db: Executor, id: string): Promise<boolean> {
  const removed = await db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
  return removed.length > 0;
}

export interface OutboxEvent {
  /** Names the event for its deliveries' ids. */
  key: string;
  event: string;
  actionId: string | null;
  payload: (deliveryId: string) => unknown;
  at: Date;
}

/**
 * For each event, one delivery per webhook subscribed to it (of `webhooks`; default: those in the
 * store); their ids are `<key>:<webhook>`, stable for the receiver. Returns how many were queued.
 */
export async function enqueueDeliveries(
  db: Executor,
  events: readonly OutboxEvent[],
  webhooks?: readonly WebhookRow[],
): Promise<number> {
  if (events.length === 0) return 0;
  const all = webhooks ?? (await listWebhooks(db));
  const rows = events.flatMap((event) =>
    all
      .filter((w) => w.events.includes(event.event))
      .map((w) => {
        const id = `${event.key}:${w.id}`;
        return {
          id,
          webhookId: w.id,
          event: event.event,
          actionId: event.actionId,
          payload: event.payload(id),
          nextAttemptAt: event.at,
        };
      }),
  );
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(deliveries)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing();
  }
  return rows.length;
}

export interface DueDelivery {
  delivery: DeliveryRow;
  webhook: WebhookRow;
}

/** Claims up to `limit` deliveries due by `now`, locked for the caller's transaction. */
export async function claimDueDeliveries(db: Executor, now: Date, limit: number): Promise<DueDelivery[]> {
  const rows = await db
    .select({ delivery: deliveries, webhook: webhooks })
    .from(deliveries)
    .innerJoin(webhooks, eq(webhooks.id, deliveries.webhookId))
    .where(and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now)))
    .orderBy(asc(deliveries.nextAttemptAt))
    .limit(limit)
    .for('update', { of: deliveries, skipLocked: true });
  return rows;
}

export async function markDelivery(
  db: Executor,
  id: string,
  update: {
    status: 'pending' | 'sent' | 'dead';
    attempts: number;
    nextAttemptAt?: Date;
    lastError?: string | null;
    sentAt?: Date;
  },
): Promise<void> {
  await db.update(deliveries).set(update).where(eq(deliveries.id, id));
}

export async function listDeliveries(db: Executor, filter: { status?: string; limit: number }): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(deliveries)
    .where(filter.status ? eq(deliveries.status, filter.status) : undefined)
    .orderBy(desc(deliveries.createdAt))
    .limit(filter.limit);
}

/** Sends a dead delivery again, from the first attempt. */
export async function replayDelivery(db: Executor, id: string, now: Date): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .update(deliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null })
    .where(and(eq(deliveries.id, id), eq(deliveries.status, 'dead')))
    .returning();
  return row;
}

export async function getDelivery(db: Executor, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await db.select().from(deliveries).where(eq(deliveries.id, id));
  return row;
}

export async function outboxBacklog(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: deliveries.status, n: sql<number>`count(*)` })
    .from(deliveries)
    .groupBy(deliveries.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
