/** Which operation a request is: what the audit log and the metrics name it by. */
import { type Context } from 'hono';
import { matchedRoutes } from 'hono/route';

export type Params = Record<string, string>;

/**
 * The operation as the OpenAPI document names it (`POST /v1/policies/{id}/versions`) and its path
 * parameters. Middleware is matched for every method; the operation is the route matched for this
 * request's method.
 */
export function operationOf(c: Context): { action: string; params: Params } {
  const pattern = matchedRoutes(c).find((r) => r.method === c.req.method)?.path ?? c.req.path;
  const params: Params = {};
  const given = c.req.path.split('/');
  pattern.split('/').forEach((segment, i) => {
    if (!segment.startsWith(':')) return;
    try {
      params[segment.slice(1)] = decodeURIComponent(given[i] ?? '');
    } catch {
      params[segment.slice(1)] = given[i] ?? '';
    }
  });
  return { action: `${c.req.method} ${routeOf(pattern)}`, params };
}

/** A Hono route pattern as the OpenAPI document writes it: `/v1/policies/{id}`. */
const routeOf = (pattern: string) => pattern.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The route a request matched, for a metric's label (a pattern, never a path with its ids); `none` when no route did. */
export function routeLabel(c: Context): string {
  const route = matchedRoutes(c).find((r) => r.method === c.req.method);
  return route ? routeOf(route.path) : 'none';
}
