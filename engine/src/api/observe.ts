/**
 * Each request observed once it is answered (docs/operations.md): a JSON log line with its request
 * id, and the request counter and latency histogram by route. `GET /metrics` serves the metrics
 * for Prometheus; with keys on, it needs a key with `reports:read` (a scraper sends it as a bearer
 * token).
 */
import { type Context, type MiddlewareHandler } from 'hono';
import { type Logger } from '../log';
import { type Metrics } from '../metrics';
import { callerOf } from './auth';
import { routeLabel } from './operation';

/** The request id (hono/request-id sets it from X-Request-Id, or makes one) for log lines. */
export const requestIdOf = (c: Context): string | undefined => c.get('requestId' as never);

/** The log a request's lines go to. */
export const logOf = (c: Context): Logger | undefined => c.get('log' as never);

export function observeRequests(metrics: Metrics, log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    c.set('log' as never, log as never);
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routeLabel(c);
    const { method } = c.req;
    const status = c.res.status;
    metrics.requests.inc({ method, route, status: String(status) });
    metrics.latency.observe({ method, route }, seconds);
    const principal = callerOf(c);
    log[status >= 500 ? 'error' : 'info'](
      {
        reqId: requestIdOf(c),
        method,
        route,
        path: c.req.path,
        status,
        ms: Math.round(seconds * 10_000) / 10,
        key: principal?.id,
      },
      'request',
    );
  };
}

export function metricsHandler(metrics: Metrics): MiddlewareHandler {
  return async (c) => c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
}
