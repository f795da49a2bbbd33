/**
 * What a caller may tell the engine about an invoice: the invoice, its account and the dunning
 * done so far. Defined once as schemas: the decision contract (decide/contract.ts) is built from
 * them, and the fact assembly (facts.ts) takes their types.
 */
import { z } from 'zod';
import { ACTION_TYPES, COUNTRY_CODES, CURRENCY_CODES, SEGMENTS } from '../policy';
import { isIsoDate } from './days';

/** True for a time zone the runtime knows (IANA names such as Europe/Berlin). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const isoDate = z
  .string()
  .refine(isIsoDate, 'must be a calendar date YYYY-MM-DD')
  .meta({ example: '2026-01-31' });
export const instant = z
  .string()
  .refine(
    (v) => isIsoDate(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))),
    'must be YYYY-MM-DD or an ISO 8601 date-time',
  )
  .meta({ example: '2026-02-10T09:00:00Z' });
const ratio = z.number().min(0).max(1);
const count = z.number().int().min(0);
const money = z.number().finite();

export const invoiceInput = z
  .object({
    id: z.string().min(1).max(200),
    accountId: z.string().min(1).max(200),
    amount: money,
    openAmount: money.optional().meta({ description: 'Defaults to amount (nothing paid yet)' }),
    currency: z.enum(CURRENCY_CODES as [string, ...string[]]),
    issueDate: isoDate,
    dueDate: isoDate,
    disputed: z.boolean().optional(),
    promiseToPayDate: isoDate.nullable().optional().meta({ description: 'null: no promise; absent: unknown' }),
    paperless: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'Invoice' });
export type InvoiceInput = z.infer<typeof invoiceInput>;

export const accountInput = z
  .object({
    id: z.string().min(1).max(200),
    segment: z.enum(SEGMENTS).optional(),
    country: z.enum(COUNTRY_CODES as [string, ...string[]]).optional(),
    /** IANA time zone, for the send window; not a fact policies test. */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
    creditLimit: money.min(0).optional(),
    openBalance: money.optional(),
    openInvoiceCount: count.optional(),
    customerSince: isoDate.optional(),
    settledInvoiceCount: count.optional(),
    lateRate: ratio.optional(),
    avgDaysLate: z.number().min(0).optional(),
    lastPaymentDate: isoDate.optional(),
    disputeRate: ratio.optional(),
    emailAllowed: z.boolean().optional(),
    smsAllowed: z.boolean().optional(),
    callAllowed: z.boolean().optional(),
    doNotContact: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'Account' });
export type AccountInput = z.infer<typeof accountInput>;

/** A dunning step taken: the action node's id, the channel used and the day. */
export const stepTaken = z
  .object({ step: z.string().min(1).max(64), type: z.enum(ACTION_TYPES), date: isoDate })
  .strict()
  .meta({ id: 'StepTaken' });
export type StepTaken = z.infer<typeof stepTaken>;

export const historyInput = z
  .object({
    /** The steps taken on this invoice; the other fields follow from them unless sent. */
    actions: z.array(stepTaken).max(1000).optional().meta({
      description: 'Dunning steps already taken on this invoice (the memory of each step); overrides the store\u2019s',
    }),
    /** Days the account was contacted on any of its invoices, for the weekly contact cap; the store supplies them. */
    accountContacts: z.array(isoDate).max(1000).optional().meta({
      description:
        'Days the account was contacted, on any of its invoices (for the weekly cap); default: this invoice\u2019s',
    }),
    stepsTaken: count.optional(),
    lastActionType: z.enum(ACTION_TYPES).optional(),
    lastActionDate: isoDate.optional(),
    contactsLast7Days: count.optional(),
  })
  .strict()
  .meta({ id: 'DunningHistory' });
export type HistoryInput = z.infer<typeof historyInput>;

/** Everything facts are assembled from, besides the store. */
export interface FactInputs {
  invoice: InvoiceInput;
  account?: AccountInput;
  history?: HistoryInput;
}
