/** The action log: the steps taken on each invoice, unique per (invoice, step, occurrence), and their delivery status. */
import { and, eq, gte, inArray, lte, notInArray, sql } from 'drizzle-orm';
import { anyOf } from './any-of';
import { queryRows, type Executor } from './database';
import { insertJsonRows } from './json-rows';
import { actions, type ActionRow } from './schema';

/** `unanswered`: a collector's call that nobody picked up; it was made, so it counts as taken. */
export const ACTION_STATUSES = ['pending', 'sent', 'delivered', 'unanswered', 'bounced', 'failed'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Statuses of a step that did not reach the customer: it is not remembered as taken. */
const NOT_TAKEN: ActionStatus[] = ['bounced', 'failed'];
const CONTACT_TYPES = ['email', 'sms', 'call', 'letter'];

export type NewActionRow = typeof actions.$inferInsert;

/** Inserts each action unless its occurrence of the step was taken already; returns the ids inserted. */
export async function insertActions(db: Executor, rows: readonly NewActionRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += 1000) {
    const written = await queryRows<{ id: string }>(
      db,
      sql`${insertJsonRows(actions, rows.slice(i, i + 1000))} on conflict do nothing returning id`,
    );
    for (const { id } of written) inserted.add(id);
  }
  return inserted;
}

/** Every step taken, on any invoice: what training reads of the dunning done. */
export async function allStepsTaken(db: Executor): Promise<Array<{ invoiceId: string; date: string }>> {
  return db
    .select({ invoiceId: actions.invoiceId, date: actions.decidedOn })
    .from(actions)
    .where(notInArray(actions.status, NOT_TAKEN));
}

/** The steps taken on the invoices by a day (included), for the memory of steps. */
export async function stepsTaken(db: Executor, invoiceIds: readonly string[], onOrBefore: string) {
  if (invoiceIds.length === 0) return [];
  return db
    .select({ invoiceId: actions.invoiceId, step: actions.step, type: actions.type, date: actions.decidedOn })
    .from(actions)
    .where(
      and(
        anyOf(actions.invoiceId, [...invoiceIds]),
        lte(actions.decidedOn, onOrBefore),
        notInArray(actions.status, NOT_TAKEN),
      ),
    );
}

/** The contacts made with the accounts between two days (both included), each with its invoice. */
export async function accountContacts(db: Executor, accountIds: readonly string[], from: string, to: string) {
  if (accountIds.length === 0) return [];
  return db
    .select({ accountId: actions.accountId, invoiceId: actions.invoiceId, day: actions.decidedOn })
    .from(actions)
    .where(
      and(
        anyOf(actions.accountId, [...accountIds]),
        gte(actions.decidedOn, from),
        lte(actions.decidedOn, to),
        inArray(actions.type, CONTACT_TYPES),
        notInArray(actions.status, NOT_TAKEN),
      ),
    );
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

/**
 * A step a person took (worklist outcomes): its occurrence is recorded with the status, whether a
 * run logged it already or not.
 */
export async function recordStepTaken(db: Executor, row: NewActionRow, status: ActionStatus): Promise<ActionRow> {
  const [taken] = await db
    .insert(actions)
    .values({ ...row, status })
    .onConflictDoUpdate({
      target: [actions.invoiceId, actions.step, actions.occurrence],
      set: { status, statusAt: sql`now()` },
    })
    .returning();
  return taken!;
}

/** The demo's customers got every contact decided on the day: each action of the day, marked delivered. */
export async function deliverActionsOf(db: Executor, day: string): Promise<Array<{ invoiceId: string; type: string }>> {
  return db
    .update(actions)
    .set({ status: 'delivered', statusAt: sql`now()` })
    .where(and(eq(actions.decidedOn, day), eq(actions.status, 'pending')))
    .returning({ invoiceId: actions.invoiceId, type: actions.type });
}
