/**
 * The one place that turns errors into HTTP: a domain error's kind gives its status, and every
 * error leaves in the `{ error: { code, message, issues } }` shape (docs/errors.md).
 */
import { type Hook } from '@hono/zod-openapi';
import { type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, issuesOf, type ErrorBody, type ErrorKind } from '../errors';
import { isImmutableVersionError } from '../store';

export const STATUS: Record<ErrorKind, 400 | 404 | 409 | 413 | 422> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
};

/** zod-openapi's validation hook: a request that fails its schema is a 400 with every issue. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (result.success) return undefined;
  const where = result.target === 'json' ? 'body' : result.target;
  return respond(c, new DomainError('invalid_request', `The request ${where} is not valid`, issuesOf(result.error)));
};

function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (isImmutableVersionError(error))
    return new DomainError('version_immutable', 'Published versions cannot be changed');
  if (error instanceof HTTPException && error.status === 413) {
    return new DomainError('request_too_large', error.message || 'The request body is too large');
  }
  if (error instanceof HTTPException && error.status >= 400 && error.status < 500) {
    return new DomainError('malformed_request', error.message || 'The request could not be read');
  }
  return undefined;
}

const respond = (c: Context, error: DomainError) => c.json({ error: error.toBody() }, STATUS[error.kind]);

export function onError(error: Error, c: Context) {
  const known = toDomainError(error);
  if (known) return respond(c, known);
  console.error('unexpected error', error);
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
