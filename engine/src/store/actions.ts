/** The action log: the steps taken on each invoice, unique per (invoice, step, occurrence), and their delivery status. */
import { and, eq, gte, inArray, lte, ne, notInArray, sql } from 'drizzle-orm';
import { type Executor } from './database';
import { actions, type ActionRow } from './schema';

export const ACTION_STATUSES = ['pending', 'sent', 'delivered', 'bounced', 'failed'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Statuses of a step that did not reach the customer: it is not remembered as taken. */
const NOT_TAKEN: ActionStatus[] = ['bounced', 'failed'];
const CONTACT_TYPES = ['email', 'sms', 'call', 'letter'];

export type NewActionRow = typeof actions.$inferInsert;

/** Inserts the action unless this occurrence of the step was taken already; says whether it did. */
export async function insertAction(db: Executor, row: NewActionRow): Promise<boolean> {
  const inserted = await db.insert(actions).values(row).onConflictDoNothing().returning({ id: actions.id });
  return inserted.length > 0;
}

/** The steps taken on an invoice by a day (included), for the memory of steps. */
export async function stepsTaken(db: Executor, invoiceId: string, onOrBefore: string) {
  return db
    .select({ step: actions.step, type: actions.type, date: actions.decidedOn })
    .from(actions)
    .where(
      and(eq(actions.invoiceId, invoiceId), lte(actions.decidedOn, onOrBefore), notInArray(actions.status, NOT_TAKEN)),
    );
}

/** The days an account was contacted on its other invoices than `invoiceId`, between two days (both included). */
export async function contactDays(
  db: Executor,
  accountId: string,
  from: string,
  to: string,
  invoiceId: string,
): Promise<string[]> {
  const rows = await db
    .select({ day: actions.decidedOn })
    .from(actions)
    .where(
      and(
        eq(actions.accountId, accountId),
        ne(actions.invoiceId, invoiceId),
        gte(actions.decidedOn, from),
        lte(actions.decidedOn, to),
        inArray(actions.type, CONTACT_TYPES),
        notInArray(actions.status, NOT_TAKEN),
      ),
    );
  return rows.map((r) => r.day);
}

export async function getAction(db: Executor, id: string): Promise<ActionRow | undefined> {
  const [row] = await db.select().from(actions).where(eq(actions.id, id));
  return row;
}

export async function setActionStatus(db: Executor, id: string, status: ActionStatus): Promise<ActionRow | undefined> {
  const [row] = await db
    .update(actions)
    .set({ status, statusAt: sql`now()` })
    .where(eq(actions.id, id))
    .returning();
  return row;
}
