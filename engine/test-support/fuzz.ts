/**
 * Hostile requests for every endpoint of the OpenAPI document, and a sender that tallies what came
 * back over real HTTP: the fuzz suite (tests/e2e/fuzz.test.ts) and `pnpm fuzz` share both.
 *
 * Bodies are drawn from each operation's own request schema, so most pass validation and reach the
 * store, then spoilt: strings PostgreSQL cannot hold (NUL, lone surrogates), SQL and path fragments,
 * prototype keys, wrong types, deep nesting, bodies over the limit, wrong content types.
 */
import http from 'node:http';
import fc from 'fast-check';

// The OpenAPI document is read as plain JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = any;

export interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: Schema }>;
  headerParams: string[];
  body?: Schema;
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What the request is, for a report. */
  label: string;
}

/** Ids that exist in the store under test, so generated paths also reach real rows. */
export interface KnownIds {
  policies: string[];
  decisions: string[];
  invoices: string[];
  actions: string[];
  webhooks: string[];
  runs: string[];
  deliveries: string[];
  models: string[];
}

export function operationsOf(doc: Schema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(methods)) {
      const params: Schema[] = op.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        headerParams: params.filter((p) => p.in === 'header').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

/** Strings that have broken servers: each must be refused with a 400 or handled, never a 5xx. */
export const HOSTILE_STRINGS = [
  '\u0000',
  'INV-\u00001',
  '\ud800',
  'a\udfffb',
  '\ud83d',
  "'; drop table invoices; --",
  '" or 1=1 --',
  '../../../etc/passwd',
  '..\\..\\windows',
  '%00',
  '%',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '\u202e\u2066',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧾',
  ' ',
  '',
  '__proto__',
  'constructor',
  '\\u0000',
  '1e309',
  '-0',
  'NaN',
];

const shortHostileString = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`), weight: 2 },
);
const longString = fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'x'.repeat(n));
const hostileString = fc.oneof({ arbitrary: shortHostileString, weight: 9 }, { arbitrary: longString, weight: 1 });

/** Path segments as sent on the wire: encoded hostile strings (rarely too long for a URL), and raw percent and dot forms. */
const hostileSegment = fc.oneof(
  { arbitrary: shortHostileString.map((s) => encodeSegment(s)), weight: 30 },
  { arbitrary: longString, weight: 1 },
  {
    arbitrary: fc.constantFrom(
      '%00',
      '%ED%A0%80',
      '%FF',
      '%',
      '%zz',
      '..',
      '.',
      '%2e%2e',
      '..%2F..%2F',
      'a%2Fb',
      '%C0%AE',
    ),
    weight: 10,
  },
);

function encodeSegment(s: string): string {
  let out = '';
  for (const ch of s) {
    try {
      out += encodeURIComponent(ch);
    } catch {
      // A lone surrogate: sent as its (invalid) UTF-8 bytes.
      out += [...Buffer.from(ch, 'latin1')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    }
  }
  return out.length > 0 ? out : '%20';
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

function resolve(doc: Schema, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = doc.components.schemas[s.$ref.split('/').pop()];
  return s ?? {};
}

/**
 * Values that follow `schema` (JSON Schema of the OpenAPI document) most of the time; with
 * `spoil`, any value may be replaced by a hostile one, and objects may gain prototype keys.
 */
export function valueOf(doc: Schema, schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const valid = validValueOf(doc, s, depth);
  const hostile = fc.oneof(
    hostileString,
    fc.constantFrom(null, true, -1, 0, 1e308, -1e-308, 2 ** 53 + 1, [], {}, [null], { a: 1 }),
  );
  return fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: hostile, weight: 1 });
}

function validValueOf(doc: Schema, s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives: Schema[] | undefined = s.oneOf ?? s.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => valueOf(doc, a, depth + 1)));
  if (s.allOf) return valueOf(doc, s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type : [s.type];
  const arbitraries = type.map((t: string | undefined) => typed(doc, s, t, depth));
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}

function typed(doc: Schema, s: Schema, type: string | undefined, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringOf(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 6) return fc.constant([]);
      return fc.array(valueOf(doc, s.items ?? {}, depth + 1), { maxLength: Math.min(s.maxItems ?? 4, 4) });
    }
    case 'object': {
      if (depth > 6) return fc.constant({});
      const properties: Record<string, Schema> = s.properties ?? {};
      const required = new Set<string>(s.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, sub] of Object.entries(properties)) model[key] = valueOf(doc, sub, depth + 1);
      const base = fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
      const extra = fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), hostileString), fc.jsonValue(), {
        maxKeys: 2,
      });
      return fc
        .tuple(base, fc.option(extra, { freq: 8 }))
        .map(([value, more]) => (more ? Object.assign(Object.create(null), value, more) : value));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(s: Schema): fc.Arbitrary<string> {
  if (s.format === 'date') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'uri' || s.format === 'url') return fc.webUrl();
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 200));
    } catch {
      // A pattern fast-check cannot generate from: fall back to plain strings.
    }
  }
  return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 20, 40) });
}

let oversized: Buffer | undefined;
/** One shared body just over the limit (blanks: it would parse if it were read). */
function overLimit(limit: number): Buffer {
  if (oversized?.length !== limit + 1024) oversized = Buffer.alloc(limit + 1024, 0x20);
  return oversized;
}

/** A body nested `depth` arrays deep: `[[[...]]]`. */
const nested = (depth: number) => Buffer.from('['.repeat(depth) + ']'.repeat(depth));

function bodyOf(doc: Schema, op: Operation, bodyLimit: number): fc.Arbitrary<{ body?: Buffer; kind: string }> {
  const json = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null');
  const fromSchema = op.body
    ? valueOf(doc, op.body).map((v) => ({ body: json(v), kind: 'schema' }))
    : fc.constant({ body: undefined, kind: 'none' });
  return fc.oneof(
    { arbitrary: fromSchema, weight: 140 },
    { arbitrary: fc.jsonValue().map((v) => ({ body: json(v), kind: 'any-json' })), weight: 20 },
    {
      arbitrary: fc.constantFrom(10, 1_000, 100_000).map((d) => ({ body: nested(d), kind: `nested-${d}` })),
      weight: 10,
    },
    {
      arbitrary: fc
        .constantFrom('{', '{"a":', 'nul', '{"a":1}garbage', '\u0000', '{"__proto__":{"polluted":1}}', '[1,]')
        .map((t) => ({ body: Buffer.from(t), kind: 'broken-json' })),
      weight: 10,
    },
    { arbitrary: fc.constant(null).map(() => ({ body: overLimit(bodyLimit), kind: 'over-limit' })), weight: 1 },
  );
}

const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 12 },
  {
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/xml',
      '',
    ),
    weight: 1,
  },
);

function pathParamOf(name: string, path: string, known: KnownIds): fc.Arbitrary<string> {
  const pool =
    name === 'version'
      ? ['1', '2', '0', '-1', '1.5', '99999999999999999999']
      : path.startsWith('/v1/policies')
        ? known.policies
        : path.startsWith('/v1/decisions')
          ? known.decisions
          : path.startsWith('/v1/invoices')
            ? known.invoices
            : path.startsWith('/v1/actions')
              ? known.actions
              : path.startsWith('/v1/webhooks')
                ? known.webhooks
                : path.startsWith('/v1/runs')
                  ? known.runs
                  : path.startsWith('/v1/outbox')
                    ? known.deliveries
                    : known.models;
  const real = pool.length > 0 ? fc.constantFrom(...pool).map(encodeSegment) : hostileSegment;
  return fc.oneof({ arbitrary: real, weight: 3 }, { arbitrary: hostileSegment, weight: 2 });
}

const queryValue = (doc: Schema, schema: Schema) =>
  fc.oneof(
    validValueOf(doc, resolve(doc, schema ?? {}), 0).map((v) => encodeSegment(String(v))),
    hostileSegment,
  );

/** The Authorization header: mostly the given key, else none, a wrong one or a malformed one. */
const authorization = (key: string | undefined) =>
  fc.oneof(
    { arbitrary: fc.constant(key === undefined ? undefined : `Bearer ${key}`), weight: 20 },
    {
      arbitrary: fc.constantFrom(
        undefined,
        'Bearer',
        'Bearer ',
        'Basic YWRtaW46YWRtaW4=',
        `Bearer dw_000000000000_${'A'.repeat(43)}`,
        `Bearer ${key ?? 'x'}x`,
        `bearer ${key ?? 'x'}`,
      ),
      weight: 2,
    },
    { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 100 }), weight: 1 },
  );

/** One request to any operation of the document, signed with `key` most of the time. */
export function requestOf(doc: Schema, known: KnownIds, bodyLimit: number, key?: string): fc.Arbitrary<FuzzRequest> {
  const operations = operationsOf(doc);
  return fc.constantFrom(...operations).chain((op) =>
    fc
      .record({
        params: fc.tuple(...op.pathParams.map((name) => pathParamOf(name, op.path, known))),
        query: fc.array(
          fc.oneof(
            ...(op.queryParams.length > 0
              ? [fc.constantFrom(...op.queryParams).chain((q) => queryValue(doc, q.schema).map((v) => [q.name, v]))]
              : []),
            fc.tuple(hostileSegment, hostileSegment),
          ),
          { maxLength: 3 },
        ),
        body:
          op.method === 'GET' || op.method === 'DELETE'
            ? fc.constant<{ body?: Buffer; kind: string }>({ kind: 'none' })
            : bodyOf(doc, op, bodyLimit),
        type: contentType,
        ifMatch: fc.option(
          fc.oneof(fc.constantFrom('1', '"1"', 'W/"2"', '*', '-1', 'abc'), fc.string({ maxLength: 8 })),
        ),
        idempotencyKey: fc.option(fc.string({ unit: 'grapheme-ascii', maxLength: 300 })),
        auth: authorization(key),
      })
      .map(({ params, query, body, type, ifMatch, idempotencyKey, auth }) => {
        let i = 0;
        let path = op.path.replace(/\{[^}]+\}/g, () => params[i++] ?? 'x');
        if (query.length > 0) path += '?' + query.map(([k, v]) => `${k}=${v}`).join('&');
        const headers: Record<string, string> = {};
        if (auth !== undefined) headers['authorization'] = auth;
        if (body.body) headers['content-type'] = type;
        if (ifMatch !== null && op.headerParams.includes('if-match')) headers['if-match'] = ifMatch;
        if (idempotencyKey !== null && op.headerParams.includes('idempotency-key'))
          headers['idempotency-key'] = idempotencyKey;
        return { method: op.method, path, headers, body: body.body, label: `${op.method} ${op.path} (${body.kind})` };
      }),
  );
}

export interface Finding {
  request: string;
  status?: number;
  detail: string;
}

export interface FuzzTally {
  sent: number;
  byStatus: Map<number, number>;
  /** 5xx answers. */
  serverErrors: Finding[];
  /** Requests whose connection failed before a full response arrived. */
  dropped: Finding[];
  /** 4xx answers not in the `{ error: { code, message, issues } }` shape. */
  badShapes: Finding[];
}

export function emptyTally(): FuzzTally {
  return { sent: 0, byStatus: new Map(), serverErrors: [], dropped: [], badShapes: [] };
}

const describe = (r: FuzzRequest) =>
  `${r.label}: ${r.method} ${r.path.slice(0, 200)} ${r.body ? r.body.subarray(0, 200).toString() : ''}`;

function isErrorShape(text: string): boolean {
  try {
    const body = JSON.parse(text);
    const error = body?.error;
    return (
      Object.keys(body).length === 1 &&
      typeof error?.code === 'string' &&
      typeof error.message === 'string' &&
      Array.isArray(error.issues) &&
      error.issues.every((i: Schema) => typeof i.path === 'string' && typeof i.message === 'string')
    );
  } catch {
    return false;
  }
}

const quieted = new WeakSet<object>();

/** Sends one request on `agent` and records the answer in `tally`. */
export function send(base: URL, agent: http.Agent, r: FuzzRequest, tally: FuzzTally): Promise<void> {
  return new Promise((resolve) => {
    let answered = false;
    const done = () => {
      answered = true;
      resolve();
    };
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body) headers['content-length'] = r.body.length;
    const req = http.request(
      { host: base.hostname, port: base.port, method: r.method, path: r.path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (error) => {
          tally.dropped.push({ request: describe(r), status: res.statusCode, detail: error.message });
          done();
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString();
          tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
          if (status >= 500) tally.serverErrors.push({ request: describe(r), status, detail: text.slice(0, 300) });
          else if (status >= 400 && !isErrorShape(text))
            tally.badShapes.push({ request: describe(r), status, detail: text.slice(0, 300) });
          done();
        });
      },
    );
    tally.sent++;
    req.on('socket', (socket) => {
      if (!quieted.has(socket)) socket.on('error', () => undefined);
      quieted.add(socket);
    });
    req.on('error', (error) => {
      // Writing the rest of a body after a whole answer (a 413, say) may fail: the answer counts.
      if (answered) return;
      tally.dropped.push({ request: describe(r), detail: error.message });
      done();
    });
    req.end(r.body);
  });
}

/** Sends `requests` with `concurrency` in flight; calls `progress` after each. */
export async function sendAll(
  url: string,
  requests: Iterable<FuzzRequest>,
  { concurrency = 8, progress }: { concurrency?: number; progress?: (tally: FuzzTally) => void } = {},
): Promise<FuzzTally> {
  const base = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const tally = emptyTally();
  const iterator = requests[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      await send(base, agent, next.value, tally);
      progress?.(tally);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return tally;
}

export function summary(tally: FuzzTally): string {
  const statuses = [...tally.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
  return [
    `${tally.sent} requests; ${statuses.join(', ')}`,
    `${tally.serverErrors.length} server errors, ${tally.dropped.length} dropped connections, ${tally.badShapes.length} errors not in the error shape`,
  ].join('\n');
}

async function api(
  url: string,
  key: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Schema> {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Gives a fresh server something to find: a few invoices with decisions, a webhook, a run. Returns
 * the ids the generated paths draw from.
 */
export async function seedForFuzz(url: string, key?: string): Promise<KnownIds> {
  const invoices = Array.from({ length: 20 }, (_, i) => ({
    invoiceId: `FUZZ-${i}`,
    accountId: `ACC-${i % 4}`,
    issueDate: '2026-01-05',
    dueDate: '2026-02-04',
    amount: 1000 + i * 250,
    currency: 'EUR',
    settledDate: null,
    disputed: i % 7 === 0,
  }));
  await api(url, key, 'POST', '/v1/ledger/invoices', { invoices });
  const decisions: string[] = [];
  for (const invoice of invoices.slice(0, 6)) {
    const decision = await api(url, key, 'POST', '/v1/decide', {
      invoiceId: invoice.invoiceId,
      asOf: '2026-03-01T09:00:00Z',
    });
    decisions.push(decision.decisionId);
  }
  const webhook = await api(url, key, 'POST', '/v1/webhooks', {
    url: 'http://127.0.0.1:9/hook',
    events: ['action.decided'],
  });
  const policies: Schema = await api(url, key, 'GET', '/v1/policies');
  const models: Schema = await api(url, key, 'GET', '/v1/models').catch(() => ({ items: [] }));
  return {
    policies: policies.items.map((p: Schema) => p.id),
    decisions,
    invoices: invoices.map((i) => i.invoiceId),
    actions: [],
    webhooks: [webhook.id],
    runs: [],
    deliveries: [],
    models: models.items.map((m: Schema) => m.name),
  };
}
