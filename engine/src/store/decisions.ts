/** The decision log: inserts in chunks, reads by id, and pages through by invoice, account and date. */
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { type Executor } from './database';
import { DomainError } from '../errors';
import { insertJsonRows } from './json-rows';
import { decisions, type DecisionRow, type NewDecisionRow } from './schema';

/** Rows per statement: one JSON parameter of about 2 MB for the log's rows of about 4 KB. */
const INSERT_CHUNK = 500;
export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

export interface DecisionQuery {
  invoiceId?: string | undefined;
  accountId?: string | undefined;
  outcome?: string | undefined;
  /** Inclusive lower bound on asOf. */
  from?: Date | undefined;
  /** Exclusive upper bound on asOf. */
  to?: Date | undefined;
  /** Default 100; clamped to 1..1000. */
  limit?: number | undefined;
  /** The nextCursor of the previous page. */
  before?: string | undefined;
}

export interface DecisionPage {
  items: DecisionRow[];
  /** Cursor of the next (older) page, or null on the last page. */
  nextCursor: string | null;
}

export interface DecisionCursor {
  asOf: Date;
  id: string;
}

/** Inserts all rows or none. */
export async function insertDecisions(db: Executor, rows: readonly NewDecisionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction((tx) => insertDecisionRows(tx, rows));
}

/** The rows in as many statements as they need, in the caller's transaction. */
export async function insertDecisionRows(tx: Executor, rows: readonly NewDecisionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await tx.execute(insertJsonRows(decisions, rows.slice(i, i + INSERT_CHUNK)));
  }
}

export async function getDecision(db: Executor, id: string): Promise<DecisionRow | undefined> {
  const [row] = await db.select().from(decisions).where(eq(decisions.id, id));
  return row;
}

/** Newest first (asOf desc, id desc), keyset-paginated. */
export async function listDecisions(db: Executor, query: DecisionQuery = {}): Promise<DecisionPage> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIST_LIMIT), 1), MAX_LIST_LIMIT);
  const where: SQL[] = [];
  if (query.invoiceId !== undefined) where.push(eq(decisions.invoiceId, query.invoiceId));
  if (query.accountId !== undefined) where.push(eq(decisions.accountId, query.accountId));
  if (query.outcome !== undefined) where.push(eq(decisions.outcome, query.outcome));
  if (query.from) where.push(gte(decisions.asOf, query.from));
  if (query.to) where.push(lt(decisions.asOf, query.to));
  if (query.before !== undefined) {
    const cursor = decodeDecisionCursor(query.before);
    where.push(sql`(${decisions.asOf}, ${decisions.id}) < (${cursor.asOf.toISOString()}::timestamptz, ${cursor.id})`);
  }

  const rows = await db
    .select()
    .from(decisions)
    .where(and(...where))
    .orderBy(desc(decisions.asOf), desc(decisions.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeDecisionCursor({ asOf: last.asOf, id: last.id }) : null;
  return { items, nextCursor };
}

export function encodeDecisionCursor(cursor: DecisionCursor): string {
  return Buffer.from(JSON.stringify([cursor.asOf.toISOString(), cursor.id])).toString('base64url');
}

export function decodeDecisionCursor(text: string): DecisionCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const asOf = new Date(value[0]);
      if (!Number.isNaN(asOf.getTime())) return { asOf, id: value[1] };
    }
  } catch {
    // Reported below like any other malformed cursor.
  }
  throw new DomainError('invalid_cursor', 'The cursor is not one this server returned');
}
