/**
 * Point-in-time facts of one invoice at `asOf`, from the invoice, the account and the
 * dunning history. A value the caller did not send and nothing can derive stays missing
 * (undefined): it is never coerced to 0 or false.
 */
import { type Facts, type FactValue } from '../policy';
import { daysBetween } from './days';
import { promiseState } from './invoice-records';
import { type AccountHistory } from './history';
import { type AccountInput, type FactInputs, type HistoryInput, type InvoiceInput } from './inputs';

/** The date each day-count fact counts from, for a wait's review date. */
export type Anchors = Partial<
  Record<'dueDate' | 'issueDate' | 'lastActionDate' | 'lastPaymentDate' | 'customerSince', string>
>;

const since = (date: string | undefined, asOf: Date): number | undefined =>
  date === undefined ? undefined : daysBetween(date, asOf);

export function invoiceFacts(invoice: InvoiceInput, asOf: Date): Record<string, FactValue | undefined> {
  const openAmount = invoice.openAmount ?? invoice.amount;
  const promise = promiseState(invoice.promiseToPayDate, asOf, openAmount > 0);
  return {
    amount: invoice.amount,
    openAmount,
    currency: invoice.currency,
    daysPastDue: daysBetween(invoice.dueDate, asOf),
    daysSinceIssue: daysBetween(invoice.issueDate, asOf),
    termsDays: daysBetween(invoice.issueDate, invoice.dueDate),
    disputed: invoice.disputed,
    promiseActive: promise?.active,
    promiseBroken: promise?.broken,
    paperless: invoice.paperless,
  };
}

/** What one unit of the invoice's currency is worth in the reporting currency. */
export interface ReportingRate {
  from: string;
  to: string;
  rate: number;
}

/**
 * The invoice's amounts in the reporting currency, so that one threshold means the same money
 * whatever the invoice's currency; missing when no rate is known for it.
 */
export function reportingFacts(invoice: InvoiceInput, rate: ReportingRate | undefined): Record<string, FactValue> {
  if (!rate) return {};
  const cents = (n: number) => Math.round(n * rate.rate * 100) / 100;
  return { reportingAmount: cents(invoice.amount), reportingOpenAmount: cents(invoice.openAmount ?? invoice.amount) };
}

/**
 * The account's history at `asOf`: from the store's ledger when it knows the account,
 * with whatever the caller sent inline taking precedence.
 */
export function mergeHistory(
  ledger: AccountHistory | undefined,
  account: AccountInput | undefined,
  asOf: Date,
): AccountHistory | undefined {
  if (!ledger && !account) return undefined;
  const base: AccountHistory = ledger ?? {
    settledCount: account?.settledInvoiceCount ?? 0,
    openInvoiceCount: 0,
    openBalance: 0,
  };
  if (!account) return base;
  const pick = <T>(inline: T | undefined, stored: T | undefined) => (inline !== undefined ? inline : stored);
  return {
    ...base,
    settledCount: pick(account.settledInvoiceCount, base.settledCount)!,
    lateRate: pick(account.lateRate, base.lateRate),
    avgDaysLate: pick(account.avgDaysLate, base.avgDaysLate),
    daysSinceLastPayment: pick(since(account.lastPaymentDate, asOf), base.daysSinceLastPayment),
    disputeRate: pick(account.disputeRate, base.disputeRate),
    tenureDays: pick(since(account.customerSince, asOf), base.tenureDays),
  };
}

export function accountFacts(
  account: AccountInput | undefined,
  history: AccountHistory | undefined,
  openAmount: number,
  known: boolean,
): Record<string, FactValue | undefined> {
  // The ledger counts the other open invoices; the account's totals include this one.
  const openBalance = account?.openBalance ?? (known && history ? history.openBalance + openAmount : undefined);
  const openInvoiceCount = account?.openInvoiceCount ?? (known && history ? history.openInvoiceCount + 1 : undefined);
  const creditLimit = account?.creditLimit;
  return {
    segment: account?.segment,
    country: account?.country,
    openBalance,
    openInvoiceCount,
    creditLimit,
    creditUtilization:
      creditLimit !== undefined && creditLimit > 0 && openBalance !== undefined ? openBalance / creditLimit : undefined,
    tenureDays: history?.tenureDays,
    settledInvoiceCount: known || account?.settledInvoiceCount !== undefined ? history?.settledCount : undefined,
    lateRate: history?.lateRate,
    avgDaysLate: history?.avgDaysLate,
    daysSinceLastPayment: history?.daysSinceLastPayment,
    disputeRate: history?.disputeRate,
    emailAllowed: account?.emailAllowed,
    smsAllowed: account?.smsAllowed,
    callAllowed: account?.callAllowed,
    doNotContact: account?.doNotContact,
  };
}

export function historyFacts(history: HistoryInput | undefined, asOf: Date): Record<string, FactValue | undefined> {
  if (!history) return {};
  return {
    stepsTaken: history.stepsTaken,
    lastActionType: history.lastActionType,
    daysSinceLastAction: since(history.lastActionDate, asOf),
    contactsLast7Days: history.contactsLast7Days,
  };
}

export function anchorsOf({ invoice, account, history }: FactInputs): Anchors {
  return {
    dueDate: invoice.dueDate,
    issueDate: invoice.issueDate,
    lastActionDate: history?.lastActionDate,
    lastPaymentDate: account?.lastPaymentDate,
    customerSince: account?.customerSince,
  };
}

/**
 * Every catalogue fact derivable from the inputs; missing ones are left out. `history` is
 * the account's merged history (see mergeHistory); `known` says whether the store's ledger
 * knows the account, so open totals can be derived.
 */
export function assembleFacts(inputs: FactInputs, asOf: Date, history?: AccountHistory, known = false): Facts {
  const invoice = invoiceFacts(inputs.invoice, asOf);
  const facts: Record<string, FactValue> = {};
  // Plain loops: a forward evaluation assembles facts for every day it looks at.
  for (const part of [
    invoice,
    accountFacts(inputs.account, history, invoice.openAmount as number, known),
    historyFacts(inputs.history, asOf),
  ]) {
    for (const name in part) {
      const value = part[name];
      if (value !== undefined) facts[name] = value;
    }
  }
  return facts;
}
