/**
 * The ledger's records as clients send them (docs/ledger.md): accounts, payments, disputes and
 * promises to pay, each upserted by id. Invoices use the canonical format (canonical.ts). A
 * field left out of an account is stored as unknown: an upsert replaces the whole record.
 */
import { z } from 'zod';
import { COUNTRY_CODES, SEGMENTS } from '../policy';
import { isIsoDate } from '../features/days';
import { isTimeZone } from '../features/inputs';

const id = z.string().min(1).max(200);
const date = z.string().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD');
const money = z.number().finite();

export const accountRecord = z
  .object({
    id,
    name: z.string().max(200).optional(),
    segment: z.enum(SEGMENTS).optional(),
    country: z.enum(COUNTRY_CODES as [string, ...string[]]).optional(),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
    creditLimit: money.min(0).optional(),
    customerSince: date.optional(),
    emailAllowed: z.boolean().optional(),
    smsAllowed: z.boolean().optional(),
    callAllowed: z.boolean().optional(),
    doNotContact: z.boolean().optional(),
    /** The collector who owns the account. */
    owner: z.string().max(200).optional(),
  })
  .strict()
  .meta({ id: 'AccountRecord' });
export type AccountRecord = z.infer<typeof accountRecord>;

export const paymentRecord = z
  .object({ id, invoiceId: id, amount: money.positive(), paidOn: date })
  .strict()
  .meta({ id: 'PaymentRecord' });
export type PaymentRecord = z.infer<typeof paymentRecord>;

export const disputeRecord = z
  .object({
    id,
    invoiceId: id,
    openedOn: date,
    /** null or absent while the dispute is open. */
    resolvedOn: date.nullable().optional(),
    reason: z.string().min(1).max(200),
  })
  .strict()
  .meta({ id: 'DisputeRecord' });
export type DisputeRecord = z.infer<typeof disputeRecord>;

export const promiseRecord = z
  .object({
    id,
    invoiceId: id,
    /** The day the customer promised. */
    madeOn: date,
    /** The day they promised to pay by. */
    promisedDate: date,
    amount: money.positive().optional(),
  })
  .strict()
  .meta({ id: 'PromiseRecord' });
export type PromiseRecord = z.infer<typeof promiseRecord>;

/** Payments within this of an invoice's amount settle it: amounts are money, kept to the cent. */
export const AMOUNT_TOLERANCE = 0.005;

/** The id of the payment a canonical invoice row with a settlement date stands for. */
export const settlementPaymentId = (invoiceId: string) => `${invoiceId}:paid`;
