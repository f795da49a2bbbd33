/** One place that turns every error into DESIGN.md's `{ error: { code, message, issues } }` shape. */
import { type Hook } from '@hono/zod-openapi';
import { type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ClientError, type ClientErrorStatus } from '../errors';
import { issuesOf } from '../decide/request';
import { ConflictError, InvalidInputError, isImmutableVersionError, NotFoundError } from '../store';

/** zod-openapi's validation hook: a request that fails its schema is a 400 with every issue. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (!result.success) {
    const where = result.target === 'json' ? 'body' : result.target;
    return c.json(
      new ClientError(400, 'invalid_request', `The request ${where} is not valid`, issuesOf(result.error)).toBody(),
      400,
    );
  }
  return undefined;
};

function toClientError(error: unknown): ClientError | undefined {
  if (error instanceof ClientError) return error;
  if (error instanceof NotFoundError) return new ClientError(404, error.code, error.message);
  if (error instanceof ConflictError) return new ClientError(409, error.code, error.message);
  if (error instanceof InvalidInputError) return new ClientError(400, error.code, error.message);
  if (isImmutableVersionError(error))
    return new ClientError(409, 'version_immutable', 'Published versions cannot be changed');
  if (error instanceof HTTPException && error.status >= 400 && error.status < 500) {
    const status = error.status as ClientErrorStatus;
    const code = status === 413 ? 'request_too_large' : 'malformed_request';
    return new ClientError(status, code, error.message || 'The request could not be read');
  }
  return undefined;
}

export function onError(error: Error, c: Context) {
  const client = toClientError(error);
  if (client) return c.json(client.toBody(), client.status);
  console.error('unexpected error', error);
  return c.json(
    { error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged', issues: [] } },
    500,
  );
}

export function onNotFound(c: Context) {
  return c.json(new ClientError(404, 'route_not_found', `No route for ${c.req.method} ${c.req.path}`).toBody(), 404);
}
