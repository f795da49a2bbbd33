/** Turns a request body into a checked decide request: invalid_request for malformed input, unprocessable_request for nonsense. */
import { DomainError, issuesOf } from '../errors';
import { dayNumber } from '../features/days';
import { decideRequest, type DecideRequest } from './contract';

export function parseDecideRequest(body: unknown): DecideRequest {
  const parsed = decideRequest.safeParse(body);
  if (!parsed.success)
    throw new DomainError('invalid_request', 'The decide request is not valid', issuesOf(parsed.error));
  return parsed.data;
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
