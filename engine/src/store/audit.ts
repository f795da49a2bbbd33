/** The audit log: one row per successful write through the API, appended only (migration 0006). */
import { and, desc, eq, gte, like, lt, lte, or, type SQL } from 'drizzle-orm';
import { type Executor } from './database';
import { auditLog } from './schema';

export type AuditRow = typeof auditLog.$inferSelect;

export async function insertAudit(db: Executor, row: typeof auditLog.$inferInsert): Promise<void> {
  // Stamped here, to the millisecond the cursor of GET /v1/audit carries.
  await db.insert(auditLog).values({ at: new Date(), ...row });
}

export interface AuditFilter {
  actor?: string;
  /** `METHOD /path` of the operation, exactly. */
  action?: string;
  /** A path or its beginning: `/v1/policies/standard-b2b` finds every write under it. */
  target?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Rows strictly older than this (at, id), from the previous page. */
  before?: { at: Date; id: string };
}

/** Newest first. */
export async function listAudit(db: Executor, filter: AuditFilter): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (filter.actor) where.push(eq(auditLog.actor, filter.actor));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.target) where.push(like(auditLog.target, `${filter.target.replace(/[\\%_]/g, '\\$&')}%`));
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.to) where.push(lte(auditLog.at, filter.to));
  if (filter.before) {
    const { at, id } = filter.before;
    where.push(or(lt(auditLog.at, at), and(eq(auditLog.at, at), lt(auditLog.id, id)))!);
  }
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit);
}
