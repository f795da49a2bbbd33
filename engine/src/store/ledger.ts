/**
 * The ledger: accounts, invoices, payments, disputes and promises upserted by id, all or nothing,
 * and read back whole for one invoice or one account. An invoice's `settled_date` (the day its
 * payments reached its amount) is kept in step with its payments here, so the account history
 * stays one query.
 */
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { anyOf } from './any-of';
import { type Db, type Executor, type Tx } from './database';
import { accountContacts, allStepsTaken, stepsTaken } from './actions';
import { clearAccountReviews, clearReviews } from './reviews';
import { addDays } from '../features/days';
import { accounts, disputes, invoices, payments, promises, type AccountRow, type InvoiceRow } from './schema';
import { DomainError, type ErrorIssue } from '../errors';
import { type CanonicalInvoice } from '../ledger/canonical';
import {
  AMOUNT_TOLERANCE,
  settlementPaymentId,
  type AccountRecord,
  type DisputeRecord,
  type PaymentRecord,
  type PromiseRecord,
} from '../ledger/records';
import { type LedgerInvoice } from '../features/history';
import { type DisputeOpened, type InvoiceRecords, type PromiseMade } from '../features/invoice-records';
import { type AccountInput } from '../features/inputs';
import { accountAt } from '../ledger/at';

// At most 13 parameters a row: 1,000 rows stay well below PostgreSQL's 65,535 bind parameters.
const CHUNK = 1000;

const chunks = <T>(rows: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK));

const unprocessable = (what: string, issues: ErrorIssue[]) => {
  if (issues.length === 0) return;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new DomainError('unprocessable_request', `${what}: ${issues[0]!.message}${more}`, issues);
};

/**
 * Records dated before their invoice was issued, as issues at `${list}[i].${field}`: a payment, a
 * dispute or a promise cannot come before the invoice it is about.
 */
function datedBeforeIssue<R extends { id: string; invoiceId: string }>(
  records: readonly R[],
  known: ReadonlyMap<string, InvoiceRow>,
  { list, field, what }: { list: string; field: keyof R & string; what: string },
): ErrorIssue[] {
  return records.flatMap((r, i) =>
    (r[field] as string) < known.get(r.invoiceId)!.issueDate
      ? [
          {
            path: `${list}[${i}].${field}`,
            message: `${what} ${r.id} is dated before invoice ${r.invoiceId} was issued`,
          },
        ]
      : [],
  );
}

/** The invoices these ids name, by id; unknown ids are reported as issues at `path(i)`. */
async function knownInvoices(
  tx: Tx,
  records: ReadonlyArray<{ invoiceId: string }>,
  path: (i: number) => string,
): Promise<Map<string, InvoiceRow>> {
  const ids = [...new Set(records.map((r) => r.invoiceId))];
  const found = new Map<string, InvoiceRow>();
  for (const chunk of chunks(ids)) {
    for (const row of await tx.select().from(invoices).where(inArray(invoices.id, chunk))) found.set(row.id, row);
  }
  unprocessable(
    'Records name invoices the ledger does not hold',
    records.flatMap((r, i) =>
      found.has(r.invoiceId) ? [] : [{ path: path(i), message: `invoice ${r.invoiceId} is not in the ledger` }],
    ),
  );
  return found;
}

/** Sets each invoice's settled date: the first day its payments, in date order, reach its amount. */
async function refreshSettlement(tx: Tx, invoiceIds: readonly string[]): Promise<void> {
  for (const chunk of chunks([...new Set(invoiceIds)])) {
    await tx.execute(sql`
      update ${invoices} i set settled_date = (
        select min(p.paid_on) from (
          select paid_on, sum(amount) over (order by paid_on, id) as paid
          from ${payments} where invoice_id = i.id
        ) p where p.paid >= i.amount - ${AMOUNT_TOLERANCE}
      ), updated_at = now()
      where i.id in (${sql.join(
        chunk.map((id) => sql`${id}`),
        sql`, `,
      )})`);
  }
}

/** Payments of these invoices, leaving out the payment ids given. */
async function otherPayments(tx: Tx, invoiceIds: readonly string[], exceptIds: readonly string[]) {
  const rows: Array<{ id: string; invoiceId: string; amount: number }> = [];
  for (const chunk of chunks([...new Set(invoiceIds)])) {
    const where =
      exceptIds.length > 0
        ? and(inArray(payments.invoiceId, chunk), notInArray(payments.id, [...exceptIds]))
        : inArray(payments.invoiceId, chunk);
    rows.push(
      ...(await tx
        .select({ id: payments.id, invoiceId: payments.invoiceId, amount: payments.amount })
        .from(payments)
        .where(where)),
    );
  }
  return rows;
}

export async function upsertAccounts(db: Executor, records: readonly AccountRecord[]): Promise<number> {
  return db.transaction(async (tx) => {
    for (const chunk of chunks(records)) {
      const rows = chunk.map((r) => ({
        id: r.id,
        name: r.name ?? null,
        segment: r.segment ?? null,
        country: r.country ?? null,
        timeZone: r.timeZone ?? null,
        creditLimit: r.creditLimit ?? null,
        customerSince: r.customerSince ?? null,
        emailAllowed: r.emailAllowed ?? null,
        smsAllowed: r.smsAllowed ?? null,
        callAllowed: r.callAllowed ?? null,
        doNotContact: r.doNotContact ?? null,
        owner: r.owner ?? null,
      }));
      const replaced = Object.fromEntries(
        Object.keys(rows[0]!)
          .filter((k) => k !== 'id')
          .map((k) => [k, sql.raw(`excluded.${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`)]),
      );
      await tx
        .insert(accounts)
        .values(rows)
        .onConflictDoUpdate({ target: accounts.id, set: { ...replaced, updatedAt: sql`now()` } });
    }
    await clearAccountReviews(
      tx,
      records.map((r) => r.id),
    );
    return records.length;
  });
}

/**
 * Inserts or updates invoices (creating unknown accounts) by id. A canonical row with a settlement
 * date stands for a payment of what was still owed on that day (id `<invoice>:paid`); a row
 * without one removes that payment. An amount below what was already paid is refused.
 */
export async function upsertInvoices(
  db: Executor,
  rows: readonly CanonicalInvoice[],
): Promise<{ invoices: number; accounts: number }> {
  return db.transaction(async (tx) => {
    let newAccounts = 0;
    for (const chunk of chunks([...new Set(rows.map((r) => r.accountId))])) {
      const inserted = await tx
        .insert(accounts)
        .values(chunk.map((id) => ({ id })))
        .onConflictDoNothing()
        .returning({ id: accounts.id });
      newAccounts += inserted.length;
    }
    const ids = rows.map((r) => r.invoiceId);
    const settlementIds = ids.map(settlementPaymentId);
    const paidBefore = new Map<string, number>();
    for (const p of await otherPayments(tx, ids, settlementIds)) {
      paidBefore.set(p.invoiceId, (paidBefore.get(p.invoiceId) ?? 0) + p.amount);
    }
    unprocessable(
      'Invoice amounts below what was already paid',
      rows.flatMap((r, i) => {
        const paid = paidBefore.get(r.invoiceId) ?? 0;
        return paid > r.amount + AMOUNT_TOLERANCE
          ? [{ path: `invoices[${i}].amount`, message: `invoice ${r.invoiceId} is ${r.amount} but ${paid} was paid` }]
          : [];
      }),
    );
    for (const chunk of chunks(rows)) {
      await tx
        .insert(invoices)
        .values(
          chunk.map((r) => ({
            id: r.invoiceId,
            accountId: r.accountId,
            issueDate: r.issueDate,
            dueDate: r.dueDate,
            amount: r.amount,
            currency: r.currency,
            disputed: r.disputed,
            paperless: r.paperless,
            extra: r.extra,
          })),
        )
        .onConflictDoUpdate({
          target: invoices.id,
          set: {
            accountId: sql`excluded.account_id`,
            issueDate: sql`excluded.issue_date`,
            dueDate: sql`excluded.due_date`,
            amount: sql`excluded.amount`,
            currency: sql`excluded.currency`,
            disputed: sql`excluded.disputed`,
            paperless: sql`excluded.paperless`,
            extra: sql`excluded.extra`,
            updatedAt: sql`now()`,
          },
        });
    }
    for (const chunk of chunks(settlementIds)) await tx.delete(payments).where(inArray(payments.id, chunk));
    const settlements = rows.flatMap((r) => {
      const owed = r.amount - (paidBefore.get(r.invoiceId) ?? 0);
      return r.settledDate && owed > AMOUNT_TOLERANCE
        ? [{ id: settlementPaymentId(r.invoiceId), invoiceId: r.invoiceId, amount: owed, paidOn: r.settledDate }]
        : [];
    });
    for (const chunk of chunks(settlements)) await tx.insert(payments).values(chunk);
    await refreshSettlement(tx, ids);
    await clearReviews(tx, ids);
    return { invoices: rows.length, accounts: newAccounts };
  });
}

/** Payments by id: each names a known invoice, is not dated before its issue, and never pays more than it. */
export async function upsertPayments(db: Executor, records: readonly PaymentRecord[]): Promise<number> {
  return db.transaction(async (tx) => {
    const known = await knownInvoices(tx, records, (i) => `payments[${i}].invoiceId`);
    unprocessable(
      'Payments dated before their invoice',
      datedBeforeIssue(records, known, { list: 'payments', field: 'paidOn', what: 'payment' }),
    );
    const ids = records.map((r) => r.id);
    const total = new Map<string, number>();
    for (const p of [...(await otherPayments(tx, [...known.keys()], ids)), ...records]) {
      total.set(p.invoiceId, (total.get(p.invoiceId) ?? 0) + p.amount);
    }
    unprocessable(
      'Payments above the invoice amount',
      [...total].flatMap(([invoiceId, paid]) => {
        const amount = known.get(invoiceId)!.amount;
        if (paid <= amount + AMOUNT_TOLERANCE) return [];
        const i = records.findIndex((r) => r.invoiceId === invoiceId);
        return [
          { path: `payments[${i}].amount`, message: `invoice ${invoiceId} is ${amount} but payments total ${paid}` },
        ];
      }),
    );
    // A payment moved to another invoice leaves its old invoice to be settled again.
    const moved: string[] = [];
    for (const chunk of chunks(ids)) {
      const rows = await tx.select({ invoiceId: payments.invoiceId }).from(payments).where(inArray(payments.id, chunk));
      moved.push(...rows.map((r) => r.invoiceId));
    }
    for (const chunk of chunks(records)) {
      await tx
        .insert(payments)
        .values(chunk.map((r) => ({ id: r.id, invoiceId: r.invoiceId, amount: r.amount, paidOn: r.paidOn })))
        .onConflictDoUpdate({
          target: payments.id,
          set: {
            invoiceId: sql`excluded.invoice_id`,
            amount: sql`excluded.amount`,
            paidOn: sql`excluded.paid_on`,
            updatedAt: sql`now()`,
          },
        });
    }
    await refreshSettlement(tx, [...known.keys(), ...moved]);
    await clearReviews(tx, [...known.keys(), ...moved]);
    return records.length;
  });
}

/** Disputes by id: each names a known invoice, is not opened before its issue, nor resolved before it was opened. */
export async function upsertDisputes(db: Executor, records: readonly DisputeRecord[]): Promise<number> {
  return db.transaction(async (tx) => {
    const known = await knownInvoices(tx, records, (i) => `disputes[${i}].invoiceId`);
    unprocessable('Disputes that make no sense', [
      ...datedBeforeIssue(records, known, { list: 'disputes', field: 'openedOn', what: 'dispute' }),
      ...records.flatMap((r, i) =>
        r.resolvedOn && r.resolvedOn < r.openedOn
          ? [{ path: `disputes[${i}].resolvedOn`, message: `dispute ${r.id} is resolved before it was opened` }]
          : [],
      ),
    ]);
    for (const chunk of chunks(records)) {
      await tx
        .insert(disputes)
        .values(chunk.map((r) => ({ ...r, resolvedOn: r.resolvedOn ?? null })))
        .onConflictDoUpdate({
          target: disputes.id,
          set: {
            invoiceId: sql`excluded.invoice_id`,
            openedOn: sql`excluded.opened_on`,
            resolvedOn: sql`excluded.resolved_on`,
            reason: sql`excluded.reason`,
            updatedAt: sql`now()`,
          },
        });
    }
    await clearReviews(tx, [...new Set(records.map((r) => r.invoiceId))]);
    return records.length;
  });
}

/** Promises by id: each names a known invoice, is not made before its issue, nor promises a day before it was made. */
export async function upsertPromises(db: Executor, records: readonly PromiseRecord[]): Promise<number> {
  return db.transaction(async (tx) => {
    const known = await knownInvoices(tx, records, (i) => `promises[${i}].invoiceId`);
    unprocessable('Promises to pay that make no sense', [
      ...datedBeforeIssue(records, known, { list: 'promises', field: 'madeOn', what: 'promise' }),
      ...records.flatMap((r, i) =>
        r.promisedDate < r.madeOn
          ? [{ path: `promises[${i}].promisedDate`, message: `promise ${r.id} promises a date before it was made` }]
          : [],
      ),
    ]);
    for (const chunk of chunks(records)) {
      await tx
        .insert(promises)
        .values(chunk.map((r) => ({ ...r, amount: r.amount ?? null })))
        .onConflictDoUpdate({
          target: promises.id,
          set: {
            invoiceId: sql`excluded.invoice_id`,
            madeOn: sql`excluded.made_on`,
            promisedDate: sql`excluded.promised_date`,
            amount: sql`excluded.amount`,
            updatedAt: sql`now()`,
          },
        });
    }
    await clearReviews(tx, [...new Set(records.map((r) => r.invoiceId))]);
    return records.length;
  });
}

/** Everything the ledger holds about one invoice: the invoice, its account, its payments, disputes and promises. */
export interface InvoiceFile {
  invoice: InvoiceRow;
  account: AccountRow;
  payments: Array<{ id: string; amount: number; paidOn: string }>;
  disputes: Array<{ id: string; openedOn: string; resolvedOn: string | null; reason: string }>;
  promises: Array<{ id: string; madeOn: string; promisedDate: string; amount: number | null }>;
  /** The steps taken on the invoice by the day read, for the memory of steps. */
  steps: Array<{ step: string; type: string; date: string }>;
  /** The days the account was contacted on its other invoices, in the 7 days up to the day read. */
  otherContactDays: string[];
}

/** The invoice's file as known on `day` (YYYY-MM-DD) as far as the action log goes; the rest is dated for the caller to filter. */
export async function invoiceFile(db: Executor, invoiceId: string, day: string): Promise<InvoiceFile | undefined> {
  return (await invoiceFiles(db, [invoiceId], day)).get(invoiceId);
}

const groupBy = <T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> => {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
};

/** The files of many invoices on one day, read a thousand at a time with one query per record kind. */
export async function invoiceFiles(
  db: Executor,
  invoiceIds: readonly string[],
  day: string,
): Promise<Map<string, InvoiceFile>> {
  const files = new Map<string, InvoiceFile>();
  for (const ids of chunks([...new Set(invoiceIds)])) {
    const found = await db
      .select({ invoice: invoices, account: accounts })
      .from(invoices)
      .innerJoin(accounts, eq(accounts.id, invoices.accountId))
      .where(anyOf(invoices.id, ids));
    if (found.length === 0) continue;
    const known = found.map((f) => f.invoice.id);
    const accountIds = [...new Set(found.map((f) => f.invoice.accountId))];
    const [paid, disputed, promised, steps, contacts] = await Promise.all([
      db
        .select({ invoiceId: payments.invoiceId, id: payments.id, amount: payments.amount, paidOn: payments.paidOn })
        .from(payments)
        .where(anyOf(payments.invoiceId, known)),
      db
        .select({
          invoiceId: disputes.invoiceId,
          id: disputes.id,
          openedOn: disputes.openedOn,
          resolvedOn: disputes.resolvedOn,
          reason: disputes.reason,
        })
        .from(disputes)
        .where(anyOf(disputes.invoiceId, known)),
      db
        .select({
          invoiceId: promises.invoiceId,
          id: promises.id,
          madeOn: promises.madeOn,
          promisedDate: promises.promisedDate,
          amount: promises.amount,
        })
        .from(promises)
        .where(anyOf(promises.invoiceId, known)),
      stepsTaken(db, known, day),
      accountContacts(db, accountIds, addDays(day, -6), day),
    ]);
    const byInvoice = <T extends { invoiceId: string }>(rows: T[]) => {
      const groups = groupBy(rows, (r) => r.invoiceId);
      return (id: string) => (groups.get(id) ?? []).map(({ invoiceId: _, ...rest }) => rest);
    };
    const [paidOf, disputedOf, promisedOf, stepsOf] = [
      byInvoice(paid),
      byInvoice(disputed),
      byInvoice(promised),
      byInvoice(steps),
    ];
    const contactsOf = groupBy(contacts, (c) => c.accountId);
    for (const { invoice, account } of found) {
      files.set(invoice.id, {
        invoice,
        account,
        payments: paidOf(invoice.id),
        disputes: disputedOf(invoice.id),
        promises: promisedOf(invoice.id),
        steps: stepsOf(invoice.id),
        otherContactDays: (contactsOf.get(invoice.accountId) ?? [])
          .filter((c) => c.invoiceId !== invoice.id)
          .map((c) => c.day),
      });
    }
  }
  return files;
}

/**
 * What an account's history is built from, as one text per row: two accounts' ledgers with the same
 * rows, by id, have the same fingerprint (the md5 of these texts in id order), and any change to a
 * row the history reads changes it.
 */
const ledgerRow = sql`row(${invoices.id}, ${invoices.issueDate}, ${invoices.dueDate}, ${invoices.amount}, ${invoices.settledDate}, ${invoices.disputed}, ${invoices.paperless})::text`;

/** The fingerprint of each account's ledger, as `accountsInvoices` gives it; an account without invoices has none. */
export async function accountLedgerFingerprints(
  db: Executor,
  accountIds: readonly string[],
): Promise<Map<string, string>> {
  const fingerprints = new Map<string, string>();
  for (const ids of chunks([...new Set(accountIds)])) {
    const rows = await db
      .select({
        accountId: invoices.accountId,
        fingerprint: sql<string>`md5(string_agg(${ledgerRow}, ',' order by ${invoices.id}))`,
      })
      .from(invoices)
      .where(anyOf(invoices.accountId, ids))
      .groupBy(invoices.accountId);
    for (const row of rows) fingerprints.set(row.accountId, row.fingerprint);
  }
  return fingerprints;
}

/**
 * Every invoice of the accounts, for their point-in-time history, with the fingerprint of each
 * account's ledger as read when asked (it costs the database a sort of every account's rows).
 */
export async function accountsInvoices(
  db: Executor,
  accountIds: readonly string[],
  { fingerprints = false } = {},
): Promise<Map<string, { fingerprint?: string; invoices: LedgerInvoice[] }>> {
  const ledgers = new Map<string, { fingerprint?: string; invoices: LedgerInvoice[] }>();
  for (const ids of chunks([...new Set(accountIds)])) {
    const rows = await db
      .select({
        accountId: invoices.accountId,
        invoiceId: invoices.id,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        amount: invoices.amount,
        settledDate: invoices.settledDate,
        disputed: invoices.disputed,
        paperless: invoices.paperless,
        // In the same statement as the rows, so that it is the fingerprint of exactly these rows.
        fingerprint: fingerprints
          ? sql<string>`md5(string_agg(${ledgerRow}, ',') over (partition by ${invoices.accountId} order by ${invoices.id} rows between unbounded preceding and unbounded following))`
          : sql<null>`null`,
      })
      .from(invoices)
      .where(anyOf(invoices.accountId, ids));
    for (const [accountId, group] of groupBy(rows, (r) => r.accountId)) {
      ledgers.set(accountId, {
        ...(fingerprints ? { fingerprint: group[0]!.fingerprint! } : {}),
        invoices: group.map(({ accountId: _, fingerprint: __, ...invoice }) => invoice),
      });
    }
  }
  return ledgers;
}

export interface LedgerCounts {
  accounts: number;
  invoices: number;
  payments: number;
  disputes: number;
  promises: number;
}

export async function ledgerCounts(db: Executor): Promise<LedgerCounts> {
  const count = (table: typeof accounts | typeof invoices | typeof payments | typeof disputes | typeof promises) =>
    sql<number>`(select count(*) from ${table})`;
  const [row] = await db
    .select({
      accounts: count(accounts),
      invoices: count(invoices),
      payments: count(payments),
      disputes: count(disputes),
      promises: count(promises),
    })
    .from(sql`(select 1) as one`);
  return {
    accounts: Number(row?.accounts ?? 0),
    invoices: Number(row?.invoices ?? 0),
    payments: Number(row?.payments ?? 0),
    disputes: Number(row?.disputes ?? 0),
    promises: Number(row?.promises ?? 0),
  };
}

/**
 * Every invoice of the ledger as training reads it: settled on the day its payments reached the
 * amount, with its own dispute flag, as the account history decide reads (`accountsInvoices`) has
 * it. The disputes recorded on it are dated records (`trainingRecords`).
 */
export async function trainingInvoices(db: Executor): Promise<CanonicalInvoice[]> {
  return db
    .select({
      invoiceId: invoices.id,
      accountId: invoices.accountId,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      amount: invoices.amount,
      currency: invoices.currency,
      settledDate: invoices.settledDate,
      disputed: invoices.disputed,
      paperless: invoices.paperless,
      extra: invoices.extra,
    })
    .from(invoices)
    .orderBy(invoices.issueDate, invoices.id);
}

/** Every account's master data as decide reads it from the ledger (`accountAt`): its customerSince sets the tenure. */
export async function trainingAccounts(db: Executor): Promise<Map<string, AccountInput>> {
  const rows = await db.select().from(accounts).orderBy(accounts.id);
  return new Map(rows.map((row) => [row.id, accountAt(row)]));
}

/**
 * Each invoice's dated records as training reads them (features/invoice-records.ts): the days of the
 * steps taken on it, its promises to pay and its disputes. An invoice with none has no entry.
 */
export async function trainingRecords(db: Executor): Promise<Map<string, InvoiceRecords>> {
  const [steps, promised, disputed] = await Promise.all([
    allStepsTaken(db),
    db
      .select({
        invoiceId: promises.invoiceId,
        id: promises.id,
        madeOn: promises.madeOn,
        promisedDate: promises.promisedDate,
      })
      .from(promises),
    db
      .select({
        invoiceId: disputes.invoiceId,
        id: disputes.id,
        openedOn: disputes.openedOn,
        resolvedOn: disputes.resolvedOn,
      })
      .from(disputes),
  ]);
  type Records = { stepDays: string[]; promises: PromiseMade[]; disputes: Array<DisputeOpened & { id: string }> };
  const records = new Map<string, Records>();
  const of = (invoiceId: string) => {
    let record = records.get(invoiceId);
    if (!record) records.set(invoiceId, (record = { stepDays: [], promises: [], disputes: [] }));
    return record;
  };
  for (const s of steps) of(s.invoiceId).stepDays.push(s.date);
  for (const { invoiceId, ...promise } of promised) of(invoiceId).promises.push(promise);
  for (const { invoiceId, ...dispute } of disputed) of(invoiceId).disputes.push(dispute);
  // Sorted, so the same ledger reads the same records (the model version hashes them).
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const record of records.values()) {
    record.stepDays.sort();
    record.promises.sort(byId);
    record.disputes.sort(byId);
  }
  return new Map([...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * What `pnpm train --from-store` reads, from one snapshot of the ledger: a server may be writing while
 * it reads, and the invoices, their records and the accounts must be of the same moment.
 */
export async function trainingLedger(db: Db): Promise<{
  invoices: CanonicalInvoice[];
  records: Map<string, InvoiceRecords>;
  accounts: Map<string, AccountInput>;
}> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read read only`);
    const invoices = await trainingInvoices(tx);
    const records = await trainingRecords(tx);
    const accounts = await trainingAccounts(tx);
    return { invoices, records, accounts };
  });
}
