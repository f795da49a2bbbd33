/**
 * What one caller may ask of the engine (docs/security.md): a rate per key, a time per request,
 * which other origins may call from a browser, and the security headers every answer carries. The
 * body size and the batch size are limited where the body is read (app.ts, the routes).
 */
import { type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { timeout } from 'hono/timeout';
import { rateLimiter } from 'hono-rate-limiter';
import { DomainError } from '../errors';
import { principalOf } from './auth';

export interface Limits {
  /** Requests a minute per API key, in each engine process; 0: no limit. */
  ratePerMinute: number;
  /** How long a request may take before it is answered 503 (its work is not undone). */
  requestTimeoutMs: number;
  /** Origins whose pages may call the API from a browser; none: only the engine's own editor. */
  corsOrigins: string[];
}

export const DEFAULT_LIMITS: Limits = { ratePerMinute: 6000, requestTimeoutMs: 30_000, corsOrigins: [] };

/** The one exception the time limit throws, told apart from every other by identity. */
export const REQUEST_TIMED_OUT = new HTTPException(503, { message: 'The request took too long' });

/** Per key: every key has its own budget (the limiter's memory store, one per process). */
export function ratePerKey(perMinute: number): MiddlewareHandler {
  return rateLimiter({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => principalOf(c).id,
    handler: (c) => {
      const reset = (c.get('rateLimit' as never) as { resetTime?: Date } | undefined)?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
      c.header('Retry-After', String(seconds));
      throw new DomainError('rate_limited', `This key may make ${perMinute} requests a minute; retry in ${seconds} s`);
    },
  });
}

export const requestTimeout = (ms: number): MiddlewareHandler => timeout(ms, REQUEST_TIMED_OUT);

/** CORS for the listed origins only; preflights are answered before any key is asked for. */
export function corsFor(origins: string[]): MiddlewareHandler {
  return cors({
    origin: origins,
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
    exposeHeaders: ['ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    maxAge: 600,
  });
}

/** hono's defaults (nosniff, frame and referrer policies, HSTS and the rest), without a CSP the docs page would trip. */
export const securityHeaders = (): MiddlewareHandler => secureHeaders();
