/**
 * The ledger as known on a day: one invoice's file (its record, account, payments, disputes and
 * promises) turned into decide's inputs, using only what had happened by then. A record dated on
 * the day itself counts (a payment recorded today is known to today's run); later ones do not.
 */
import { dayNumber } from '../features/days';
import { disputedAt, latestPromise } from '../features/invoice-records';
import { type AccountInput, type InvoiceInput } from '../features/inputs';
import { type InvoiceFile } from '../store/ledger';

const known = (date: string, asOf: Date) => dayNumber(date) <= dayNumber(asOf);
const orNothing = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/**
 * The invoice at `asOf`: its open amount after the payments made by then; disputed while a dispute
 * opened by then is unresolved (the imported flag when none had been opened by then); the date of the latest
 * promise made by then (null when none was).
 */
export function invoiceAt(file: Pick<InvoiceFile, 'invoice' | 'payments' | 'disputes' | 'promises'>, asOf: Date) {
  const { invoice } = file;
  const paid = file.payments.filter((p) => known(p.paidOn, asOf)).reduce((sum, p) => sum + p.amount, 0);
  const promise = latestPromise(file.promises, asOf);
  return {
    id: invoice.id,
    accountId: invoice.accountId,
    amount: invoice.amount,
    openAmount: Math.max(0, invoice.amount - paid),
    currency: invoice.currency,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    disputed: disputedAt(file.disputes, invoice.disputed, asOf),
    promiseToPayDate: promise?.promisedDate ?? null,
    paperless: orNothing(invoice.paperless),
  } satisfies InvoiceInput;
}

/** The account's master data; what the ledger does not know stays out (missing, not false). */
export function accountAt(account: InvoiceFile['account']): AccountInput {
  const fields = {
    id: account.id,
    segment: orNothing(account.segment),
    country: orNothing(account.country),
    timeZone: orNothing(account.timeZone),
    creditLimit: orNothing(account.creditLimit),
    customerSince: orNothing(account.customerSince),
    emailAllowed: orNothing(account.emailAllowed),
    smsAllowed: orNothing(account.smsAllowed),
    callAllowed: orNothing(account.callAllowed),
    doNotContact: orNothing(account.doNotContact),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as AccountInput;
}
