/** Helpers for the API tests: requests against createApp(...) without a network, and sample requests. */
import { expect } from 'vitest';
import { type createApp } from '../src/app';

export type App = ReturnType<typeof createApp>;
// Response bodies are asserted field by field; a loose type keeps the tests readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

export async function call(
  app: App,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  return replyOf(await app.request(path, init));
}

/** A response read whole: its text, and its JSON when it has one. */
export async function replyOf(res: Response): Promise<Reply> {
  const text = await res.text();
  let parsed: Json;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export const get = (app: App, path: string, headers?: Record<string, string>) =>
  call(app, 'GET', path, undefined, headers);
export const post = (app: App, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(app, 'POST', path, body, headers);
export const put = (app: App, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(app, 'PUT', path, body, headers);

/** The error shape of docs/errors.md, with no stack trace anywhere in the body. */
export function expectClientError(reply: Reply, status: number, code: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.body).toEqual({
    error: {
      code,
      message: expect.any(String),
      issues: expect.any(Array),
    },
  });
  expect(reply.body.error.message.length).toBeGreaterThan(0);
  for (const issue of reply.body.error.issues) {
    expect(issue).toEqual({ path: expect.any(String), message: expect.any(String) });
  }
  expectNoStackTrace(reply.text);
}

export function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at |at .+\.(ts|js):\d+|internal_error/);
}

/** The invoice of the README: issued 2026-03-01, due 2026-03-31, 12,000 EUR, every consent given. */
export function sampleRequest(overrides: { invoiceId?: string; accountId?: string; asOf?: string } = {}) {
  const accountId = overrides.accountId ?? 'ACME';
  return {
    invoice: {
      id: overrides.invoiceId ?? 'INV-1001',
      accountId,
      amount: 12000,
      openAmount: 12000,
      currency: 'EUR',
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      disputed: false,
      promiseToPayDate: null,
    },
    account: {
      id: accountId,
      segment: 'enterprise',
      country: 'DE',
      creditLimit: 50000,
      emailAllowed: true,
      smsAllowed: true,
      callAllowed: true,
    },
    asOf: overrides.asOf ?? '2026-04-01T09:00:00Z',
  };
}

/** The logged decisions of an invoice (first page). */
export async function loggedFor(app: App, invoiceId: string): Promise<Json[]> {
  const reply = await get(app, `/v1/decisions?invoiceId=${encodeURIComponent(invoiceId)}`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body.items;
}

/** Contact rules that allow any contact at any time: for suites about something else than the contact rules. */
export const CONTACT_RULES_OFF = {
  weeklyCap: null,
  businessDaysOnly: false,
  sendWindow: null,
  defaultTimeZone: 'UTC',
  defaultCountry: null,
};
