/**
 * Who is calling, and whether they may (docs/security.md). `authenticate` reads the bearer key of
 * every /v1 request before anything else, so a caller without a valid key learns nothing, not even
 * which paths exist; each operation then names the scope it needs with `scoped`, which both checks
 * it and declares it in the OpenAPI document.
 */
import { type RouteConfig } from '@hono/zod-openapi';
import { type Context, type MiddlewareHandler } from 'hono';
import { LOCAL_PRINCIPAL, type ApiKeys, type Principal } from '../auth/keys';
import { allows, type Scope } from '../auth/scopes';
import { DomainError } from '../errors';

export type AuthMode = 'keys' | 'off';

/** The security scheme's name in the OpenAPI document. */
export const SECURITY_SCHEME = 'apiKey';

const PRINCIPAL = 'principal';

export function authenticate(mode: AuthMode, keys: ApiKeys): MiddlewareHandler {
  return async (c, next) => {
    if (mode === 'off') {
      c.set(PRINCIPAL as never, LOCAL_PRINCIPAL as never);
      return next();
    }
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!token) throw new DomainError('unauthenticated', 'Send an API key: Authorization: Bearer <key>');
    const principal = await keys.verify(token);
    if (!principal) throw new DomainError('unauthenticated', 'The API key is unknown or revoked');
    c.set(PRINCIPAL as never, principal as never);
    return next();
  };
}

/** The caller, when the request went through `authenticate` (every /v1 request does). */
export const callerOf = (c: Context): Principal | undefined => c.get(PRINCIPAL as never);

/** The caller of a request that passed `authenticate`. */
export function principalOf(c: Context): Principal {
  const principal = callerOf(c);
  if (!principal) throw new Error('principalOf called outside an authenticated route');
  return principal;
}

/** Lets through a caller holding any one of `scopes` (admin holds them all); a 403 otherwise. */
export const requireScope =
  (scopes: readonly Scope[]): MiddlewareHandler =>
  async (c, next) => {
    const principal = principalOf(c);
    if (!scopes.some((scope) => allows(principal.scopes, scope))) {
      const needed = scopes.join(' or ');
      throw new DomainError(
        'forbidden',
        `This operation needs the ${needed} scope; the key ${principal.name} lacks it`,
      );
    }
    return next();
  };

/**
 * A route that needs `scope` (or any one of several): checked before its input is read, and
 * declared in the document, where security requirements listed side by side are alternatives.
 */
export function scoped<R extends RouteConfig>(scope: Scope | readonly Scope[], route: R): R {
  const scopes: readonly Scope[] = typeof scope === 'string' ? [scope] : scope;
  return {
    ...route,
    security: scopes.map((s) => ({ [SECURITY_SCHEME]: [s] })),
    middleware: [requireScope(scopes)],
    description: [route.description, `Needs the ${scopes.map((s) => `\`${s}\``).join(' or ')} scope.`]
      .filter(Boolean)
      .join('\n\n'),
  };
}

/** Reading what the engine holds: a reporting key, or any key that works on what it reads. */
export const READ_SCOPES: readonly Scope[] = ['reports:read'];
/** Policies are read by those who report on them and by those who edit or publish them. */
export const POLICY_READ_SCOPES: readonly Scope[] = ['reports:read', 'policies:edit', 'policies:publish'];
