/** The ledger: accounts and invoices upserted by id, and an account's invoices for point-in-time history. */
import { eq, sql } from 'drizzle-orm';
import { type Executor } from './database';
import { accounts, invoices } from './schema';
import { type CanonicalInvoice } from '../ledger/canonical';
import { type LedgerInvoice } from '../features/history';

// 11 parameters a row keeps 1,000 rows well below PostgreSQL's 65,535 bind parameters.
const UPSERT_CHUNK = 1000;

/**
 * Inserts or updates invoices (and their accounts) by id, all or nothing: importing the
 * same file twice leaves the ledger as after the first import.
 */
export async function upsertInvoices(
  db: Executor,
  rows: readonly CanonicalInvoice[],
): Promise<{ invoices: number; accounts: number }> {
  const accountIds = [...new Set(rows.map((r) => r.accountId))];
  return db.transaction(async (tx) => {
    let newAccounts = 0;
    for (let i = 0; i < accountIds.length; i += UPSERT_CHUNK) {
      const inserted = await tx
        .insert(accounts)
        .values(accountIds.slice(i, i + UPSERT_CHUNK).map((id) => ({ id })))
        .onConflictDoNothing()
        .returning({ id: accounts.id });
      newAccounts += inserted.length;
    }
    for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
      const chunk = rows.slice(i, i + UPSERT_CHUNK).map((r) => ({
        id: r.invoiceId,
        accountId: r.accountId,
        issueDate: r.issueDate,
        dueDate: r.dueDate,
        amount: r.amount,
        currency: r.currency,
        settledDate: r.settledDate,
        disputed: r.disputed,
        paperless: r.paperless,
        extra: r.extra,
      }));
      await tx
        .insert(invoices)
        .values(chunk)
        .onConflictDoUpdate({
          target: invoices.id,
          set: {
            accountId: sql`excluded.account_id`,
            issueDate: sql`excluded.issue_date`,
            dueDate: sql`excluded.due_date`,
            amount: sql`excluded.amount`,
            currency: sql`excluded.currency`,
            settledDate: sql`excluded.settled_date`,
            disputed: sql`excluded.disputed`,
            paperless: sql`excluded.paperless`,
            extra: sql`excluded.extra`,
            updatedAt: sql`now()`,
          },
        });
    }
    return { invoices: rows.length, accounts: newAccounts };
  });
}

/** Every invoice of an account, for its point-in-time history. */
export async function accountInvoices(db: Executor, accountId: string): Promise<LedgerInvoice[]> {
  return db
    .select({
      invoiceId: invoices.id,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      amount: invoices.amount,
      settledDate: invoices.settledDate,
      disputed: invoices.disputed,
      paperless: invoices.paperless,
    })
    .from(invoices)
    .where(eq(invoices.accountId, accountId));
}

export async function ledgerCounts(db: Executor): Promise<{ accounts: number; invoices: number }> {
  const [row] = await db
    .select({
      accounts: sql<number>`(select count(*) from ${accounts})`,
      invoices: sql<number>`(select count(*) from ${invoices})`,
    })
    .from(sql`(select 1) as one`);
  return { accounts: Number(row?.accounts ?? 0), invoices: Number(row?.invoices ?? 0) };
}
