/**
 * Turns a request body into a checked decide request: invalid_request for malformed input,
 * invoice_not_found for an invoice the ledger does not hold, unprocessable_request for nonsense.
 */
import { DomainError, issuesOf } from '../errors';
import { dayNumber } from '../features/days';
import { invoiceInput } from '../features/inputs';
import { accountAt, invoiceAt } from '../ledger/at';
import { type InvoiceFile } from '../store';
import { CONTACT_CHANNELS, type ActionType } from '../policy';
import { decideRequest, type DecideRequest, type DecideRequestBody } from './contract';

export function parseDecideRequest(body: unknown): DecideRequestBody {
  const parsed = decideRequest.safeParse(body);
  if (!parsed.success)
    throw new DomainError('invalid_request', 'The decide request is not valid', issuesOf(parsed.error));
  return parsed.data;
}

/** The decision time: `asOf` (a date means its midnight UTC) or now. */
export const asOfOf = (request: { asOf?: string | undefined }, now: Date): Date =>
  request.asOf ? new Date(request.asOf.length === 10 ? `${request.asOf}T00:00:00Z` : request.asOf) : now;

const defined = <T extends object>(value: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * The request with its invoice complete: checked as sent, or read from the ledger as known at
 * `asOf` with the fields sent on top (docs/ledger.md).
 */
export async function completeRequest(
  body: DecideRequestBody,
  asOf: Date,
  readFile: (invoiceId: string, day: string) => Promise<InvoiceFile | undefined>,
): Promise<DecideRequest> {
  const { invoiceId, invoice: sent, ...rest } = body;
  if (invoiceId === undefined) {
    const parsed = invoiceInput.safeParse(sent ?? {});
    if (!parsed.success) {
      const issues = issuesOf(parsed.error).map((i) => ({ ...i, path: i.path ? `invoice.${i.path}` : 'invoice' }));
      throw new DomainError(
        'invalid_request',
        'The decide request is not valid: send the invoice or its invoiceId',
        issues,
      );
    }
    return { ...rest, invoice: parsed.data };
  }
  if (sent?.id !== undefined && sent.id !== invoiceId) {
    const message = `invoice.id is ${sent.id} but invoiceId is ${invoiceId}`;
    throw new DomainError('unprocessable_request', message, [{ path: 'invoice.id', message }]);
  }
  const day = asOf.toISOString().slice(0, 10);
  const file = await readFile(invoiceId, day);
  if (!file) throw new DomainError('invoice_not_found', `The ledger holds no invoice ${invoiceId}`);
  const parsed = invoiceInput.safeParse({ ...invoiceAt(file, asOf), ...defined(sent) });
  if (!parsed.success) {
    const issues = issuesOf(parsed.error).map((i) => ({ ...i, path: `invoice.${i.path}` }));
    throw new DomainError('unprocessable_request', `Invoice ${invoiceId} in the ledger cannot be decided`, issues);
  }
  const account = { ...accountAt(file.account), ...defined(rest.account) };
  // The memory of steps is the store's unless the request sends its own; the account's contacts are
  // those on its other invoices and this invoice's steps.
  const actions = rest.history?.actions ?? (file.steps as Array<{ step: string; type: ActionType; date: string }>);
  const contacts = actions.filter((a) => CONTACT_CHANNELS.has(a.type)).map((a) => a.date);
  const history = {
    ...rest.history,
    actions,
    accountContacts: rest.history?.accountContacts ?? [...file.otherContactDays, ...contacts],
  };
  return { ...rest, invoice: parsed.data, account, history };
}

/** Well-formed requests that make no sense as a collection question. */
export function checkSense(request: DecideRequest, asOf: Date): void {
  const { invoice, account, history } = request;
  const issues: Array<{ path: string; message: string }> = [];
  if (dayNumber(invoice.dueDate) < dayNumber(invoice.issueDate)) {
    issues.push({ path: 'invoice.dueDate', message: 'the due date is before the issue date' });
  }
  if (dayNumber(asOf) < dayNumber(invoice.issueDate)) {
    issues.push({ path: 'asOf', message: 'the decision date is before the invoice was issued' });
  }
  if (account && account.id !== invoice.accountId) {
    issues.push({
      path: 'account.id',
      message: `the account is ${account.id} but the invoice belongs to ${invoice.accountId}`,
    });
  }
  if (history?.lastActionDate && dayNumber(history.lastActionDate) > dayNumber(asOf)) {
    issues.push({ path: 'history.lastActionDate', message: 'the last action is dated after the decision date' });
  }
  if (issues.length > 0)
    throw new DomainError('unprocessable_request', issues.map((i) => i.message).join('; '), issues);
}
