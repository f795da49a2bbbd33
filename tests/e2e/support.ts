/**
 * End-to-end helpers: the real server on a real port, once on an embedded PGlite data
 * directory and once on a fresh PostgreSQL database (TEST_DATABASE_URL; required in CI).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { startServer } from '@dunwell/engine/server';
import { createTempPostgresDatabase, testDatabaseUrl } from '@dunwell/engine/store/testing';
import { CONTACT_RULES_OFF, replyOf, type Json, type Reply } from '@dunwell/engine/test-support/api';

export { CONTACT_RULES_OFF, type Json, type Reply };
import { afterAll, beforeAll, describe, expect } from 'vitest';

export interface StartedServer {
  url: string;
  /** With keys on: the first admin key the server made. */
  firstKey?: string;
  stop(): Promise<void>;
}

/** Keys off (loopback) unless a suite is about keys. */
export type ServerOptions = { auth?: 'keys' | 'off' };

export interface ServerTarget {
  name: 'pglite' | 'postgres';
  start(options?: ServerOptions): Promise<StartedServer>;
}

export async function freshDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'dunwell-e2e-'));
}

/** The server on a new PGlite data directory, removed again on stop. */
export async function startOnDisk(options: ServerOptions = {}): Promise<StartedServer & { dataDir: string }> {
  const dataDir = await freshDataDir();
  try {
    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, auth: options.auth ?? 'off' });
    return {
      url: server.url,
      firstKey: server.firstKey,
      dataDir,
      async stop() {
        await server.close();
        await fs.rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function startOnPostgres(serverUrl: string, options: ServerOptions = {}): Promise<StartedServer> {
  const temp = await createTempPostgresDatabase(serverUrl);
  try {
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      auth: options.auth ?? 'off',
      databaseUrl: temp.url,
      dataDir: path.join(os.tmpdir(), 'dunwell-unused'),
    });
    return {
      url: server.url,
      firstKey: server.firstKey,
      async stop() {
        await server.close();
        await temp.drop();
      },
    };
  } catch (error) {
    await temp.drop();
    throw error;
  }
}

/** Like storeTargets: Postgres only with TEST_DATABASE_URL, and a missing one is an error in CI. */
export function serverTargets(): ServerTarget[] {
  const targets: ServerTarget[] = [{ name: 'pglite', start: startOnDisk }];
  const url = testDatabaseUrl();
  if (url) targets.push({ name: 'postgres', start: (options) => startOnPostgres(url, options) });
  return targets;
}

export interface ServerAccessor {
  readonly url: string;
  readonly target: ServerTarget['name'];
  /** With keys on: the first admin key. */
  readonly firstKey: string;
}

/** Runs `body` once per server target, with a server started before its tests and stopped after them. */
export function describeEachServer(
  title: string,
  body: (server: ServerAccessor) => void,
  options: ServerOptions = {},
): void {
  const targets = serverTargets();
  if (!targets.some((t) => t.name === 'postgres')) {
    describe.skip(`${title} (postgres: set TEST_DATABASE_URL to run)`, () =>
      body({ url: 'http://unused', target: 'postgres', firstKey: '' }));
  }
  for (const target of targets) {
    describe(`${title} (${target.name})`, () => {
      let server: StartedServer | undefined;
      beforeAll(async () => {
        server = await target.start(options);
      }, 120_000);
      afterAll(async () => {
        await server?.stop();
      }, 60_000);
      body({
        get url() {
          if (!server) throw new Error('The server is not started yet: use it inside a hook or a test.');
          return server.url;
        },
        target: target.name,
        get firstKey() {
          if (!server?.firstKey)
            throw new Error('No first key: start the servers with auth: keys, and read it in a hook or a test.');
          return server.firstKey;
        },
      });
    });
  }
}

export async function http(
  base: string,
  method: string,
  pathname: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${base}${pathname}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return replyOf(res);
}

/** A small client bound to one server; every call expects the given status. */
export function client(server: ServerAccessor) {
  const ok = async (reply: Promise<Reply>, status: number): Promise<Json> => {
    const r = await reply;
    expect(r.status, r.text).toBe(status);
    return r.body;
  };
  return {
    raw: (method: string, pathname: string, body?: unknown, headers?: Record<string, string>) =>
      http(server.url, method, pathname, body, headers),
    get: (pathname: string, status = 200) => ok(http(server.url, 'GET', pathname), status),
    post: (pathname: string, body?: unknown, status = 200) => ok(http(server.url, 'POST', pathname, body), status),
    put: (pathname: string, body: unknown, status = 200, headers?: Record<string, string>) =>
      ok(http(server.url, 'PUT', pathname, body, headers), status),
    decide: (request: unknown) => ok(http(server.url, 'POST', '/v1/decide', request), 200),
  };
}

export const CONSENT_ALL = { emailAllowed: true, smsAllowed: true, callAllowed: true };

/** The README's invoice: issued 2026-03-01, due 2026-03-31, 12,000 EUR. */
export function invoiceRequest(options: {
  invoiceId: string;
  accountId?: string;
  asOf: string;
  amount?: number;
  openAmount?: number;
  disputed?: boolean;
  promiseToPayDate?: string | null;
  account?: Record<string, unknown>;
  history?: Record<string, unknown>;
  policyId?: string;
}) {
  const accountId = options.accountId ?? 'ACME';
  const amount = options.amount ?? 12000;
  return {
    invoice: {
      id: options.invoiceId,
      accountId,
      amount,
      openAmount: options.openAmount ?? amount,
      currency: 'EUR',
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      disputed: options.disputed ?? false,
      promiseToPayDate: options.promiseToPayDate ?? null,
    },
    account: { id: accountId, segment: 'enterprise', country: 'DE', ...CONSENT_ALL, ...options.account },
    ...(options.history ? { history: options.history } : {}),
    ...(options.policyId ? { policyId: options.policyId } : {}),
    asOf: options.asOf,
  };
}

export { always } from '@dunwell/engine/test-support/policies';
