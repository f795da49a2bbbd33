/**
 * The one place that turns errors into HTTP: a domain error's kind gives its status, and every
 * error leaves in the `{ error: { code, message, issues } }` shape (docs/errors.md).
 */
import { STATUS_CODES } from 'node:http';
import { type Duplex } from 'node:stream';
import { type Hook } from '@hono/zod-openapi';
import { type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, issuesOf, type ErrorBody, type ErrorKind } from '../errors';
import { isDatabaseUnavailable, isImmutableVersionError } from '../store';
import { unstorable } from './storable';
import { REQUEST_TIMED_OUT } from './limits';
import { logOf, requestIdOf } from './observe';
import { log } from '../log';

export const STATUS: Record<ErrorKind, 400 | 401 | 403 | 404 | 408 | 409 | 413 | 422 | 429 | 431 | 503> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  timeout: 408,
  conflict: 409,
  too_large: 413,
  headers_too_large: 431,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** Seconds a client should wait before retrying while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * zod-openapi's validation hook: a request that fails its schema, or holds text PostgreSQL cannot
 * store, is a 400 with every issue.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  const where = result.target === 'json' ? 'body' : result.target;
  const issues = result.success ? unstorable(result.data) : issuesOf(result.error);
  if (issues.length === 0) return undefined;
  return respond(c, new DomainError('invalid_request', `The request ${where} is not valid`, issues));
};

function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (isImmutableVersionError(error))
    return new DomainError('version_immutable', 'Published versions cannot be changed');
  if (isDatabaseUnavailable(error))
    return new DomainError('database_unavailable', 'The database cannot be reached right now; retry shortly');
  if (error === REQUEST_TIMED_OUT)
    return new DomainError('request_took_too_long', 'The request took longer than the server allows; retry shortly');
  if (error instanceof HTTPException && error.status === 413) {
    return new DomainError('request_too_large', error.message || 'The request body is too large');
  }
  if (error instanceof HTTPException && error.status >= 400 && error.status < 500) {
    return new DomainError('malformed_request', error.message || 'The request could not be read');
  }
  return undefined;
}

function respond(c: Context, error: DomainError) {
  if (error.kind === 'unavailable') c.header('Retry-After', String(RETRY_AFTER_SECONDS));
  if (error.kind === 'unauthenticated') c.header('WWW-Authenticate', 'Bearer realm="dunwell"');
  return c.json({ error: error.toBody() }, STATUS[error.kind]);
}

export function onError(error: Error, c: Context) {
  const known = toDomainError(error);
  if (known) return respond(c, known);
  (logOf(c) ?? log).error(
    { err: error, reqId: requestIdOf(c), method: c.req.method, path: c.req.path },
    'unexpected error',
  );
  const body: ErrorBody = {
    code: 'internal_error',
    message: 'Something went wrong on our side; it has been logged',
    issues: [],
  };
  return c.json({ error: body }, 500);
}

export function onNotFound(c: Context) {
  return respond(c, new DomainError('route_not_found', `No route for ${c.req.method} ${c.req.path}`));
}

/**
 * Node's HTTP parser refuses some requests before Hono sees them (headers over its limit, broken
 * HTTP, a request that does not arrive in time): they get the error shape too, and the connection
 * is closed, as it must be once the parser has given up on it.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const domain =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new DomainError('headers_too_large', 'The URL and headers together are larger than the server accepts')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new DomainError('request_timeout', 'The request did not arrive in full in time')
        : new DomainError('malformed_request', 'The request is not valid HTTP');
  const status = STATUS[domain.kind];
  const body = JSON.stringify({ error: domain.toBody() });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
