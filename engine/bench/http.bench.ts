/**
 * `pnpm bench`, HTTP: full decides (facts from the ledger in the store, both models, the rules, the
 * decision logged before the response) against a bare Hono endpoint that parses the same body and
 * answers a constant, side by side in one run, each in its own process and loaded by autocannon with
 * 50 connections. The engine is the production build (`node dist/main.js`, built by `pnpm build`), on
 * the embedded database and, when TEST_DATABASE_URL or DATABASE_URL names a server, on PostgreSQL.
 * Goals on PostgreSQL: at least 0.6× the bare endpoint's requests/s, p99 at most 25 ms. Also printed:
 * the CPU the whole machine spends per request (server, database and load generator alike, from
 * os.cpus()), against what its cores could give each decide at the goal's rate; the size of a
 * decision's response, its explanation's parts, and what serialising it costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { addDays } from '../src/features/days';
import { generatePortfolio } from '../src/ledger/synthetic';
import { seedSamplePolicy } from '../src/seed';
import { openDatabase, upsertInvoices } from '../src/store';
import { createTempPostgresDatabase } from '../src/store/testing';
import { serve } from '../test-support/engine-process';
import { budgetMs, busyMs, coreCount } from './machine-cpu';

const CONNECTIONS = 50;
const SECONDS = 10;
const INVOICES = 20_000;
const AS_OF = '2026-06-30';

const portfolio = generatePortfolio({ invoices: INVOICES, seed: 9, endDate: AS_OF, years: 120 / 365 }).map((r) => ({
  ...r,
  settledDate: null,
  issueDate: r.issueDate > AS_OF ? AS_OF : r.issueDate,
  dueDate: r.dueDate < r.issueDate ? addDays(r.issueDate, 30) : r.dueDate,
}));
/** Each request names an invoice of the ledger; the engine reads its facts from the store. */
const bodies = portfolio.map((r) => JSON.stringify({ invoiceId: r.invoiceId, asOf: `${AS_OF}T09:00:00Z` }));

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU the whole machine spent per request (server, database, load generator), in ms. */
  cpuPerRequest: number;
}

/** Requests signed with `key`, as every client of an engine with keys on sends them. */
const headers = (key?: string) => ({
  'content-type': 'application/json',
  ...(key ? { authorization: `Bearer ${key}` } : {}),
});

async function load(url: string, key?: string, seconds = SECONDS): Promise<Load> {
  let next = 0;
  const busy = busyMs();
  const result = await autocannon({
    url: `${url}/v1/decide`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: headers(key),
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuPerRequest: (busyMs() - busy) / Math.max(1, result.requests.total),
  };
}

const describe = (l: Load) =>
  `${Math.round(l.rps).toLocaleString('en-US')} requests/s, p50 ${l.p50} ms, p99 ${l.p99} ms, ` +
  `${l.cpuPerRequest.toFixed(2)} ms of the machine's CPU a request` +
  (l.errors ? `, ${l.errors} errors` : '');

/** One decision's response: its size, and what serialising it again costs. */
async function responseSize(url: string, key?: string): Promise<string> {
  const reply = await fetch(`${url}/v1/decide`, {
    method: 'POST',
    headers: headers(key),
    body: bodies[0],
  });
  const text = await reply.text();
  const decision = JSON.parse(text) as { explanation?: Record<string, unknown> };
  const parts = Object.entries(decision.explanation ?? {})
    .map(([name, value]) => `${name} ${JSON.stringify(value).length}`)
    .join(', ');
  const start = performance.now();
  for (let i = 0; i < 1000; i++) JSON.stringify(decision);
  const microseconds = performance.now() - start; // 1,000 runs: milliseconds in all are microseconds each
  return `a decision is ${text.length} bytes (explanation: ${parts}), serialised in ${microseconds.toFixed(1)} µs`;
}

/** The engine on a database holding the portfolio, loaded after a warm-up. */
async function engineLoad(env: NodeJS.ProcessEnv): Promise<Load> {
  // BENCH_CPU_PROF=<folder>: each engine writes a CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const engine = await serve([...profile, '--enable-source-maps', 'dist/main.js'], {
    ...env,
    DUNWELL_DEMO_LEDGER: '0',
    // As in production: a JSON line per request. No rate limit: one key makes every request here.
    DUNWELL_LOG_LEVEL: 'info',
    DUNWELL_RATE_LIMIT_PER_MINUTE: '0',
  });
  try {
    // API keys on, as in production: each request is authenticated.
    await load(engine.url, engine.firstKey, 3);
    if (!env.DATABASE_URL) console.log(`http: ${await responseSize(engine.url, engine.firstKey)}`);
    return await load(engine.url, engine.firstKey);
  } finally {
    await engine.stop();
  }
}

const bare = await serve(['--import', 'tsx', 'bench/bare-hono.ts'], {});
let bareLoad: Load;
try {
  await load(bare.url, undefined, 2);
  bareLoad = await load(bare.url);
} finally {
  await bare.stop();
}
console.log(`http: bare Hono, same body parsed, constant answer: ${describe(bareLoad)}`);

const report = (name: string, decide: Load, goals: boolean) => {
  const ratio = decide.rps / bareLoad.rps;
  const met = ratio >= 0.6 && decide.p99 <= 25 && decide.errors === 0;
  console.log(
    `http: decide on ${name}: ${describe(decide)}; ${ratio.toFixed(2)}× bare Hono` +
      (goals ? ` (goals ≥0.6×, p99 ≤25 ms: ${met ? 'met' : 'NOT MET'})` : ''),
  );
  if (goals) {
    console.log(
      `http: at 0.6× bare Hono this machine's ${coreCount()} cores have ${budgetMs(0.6 * bareLoad.rps).toFixed(2)} ms of CPU a decide; ` +
        `a decide costs ${decide.cpuPerRequest.toFixed(2)} ms now`,
    );
  }
};

const dataDir = mkdtempSync(join(tmpdir(), 'dunwell-http-bench-'));
try {
  const embedded = await openDatabase({ dataDir });
  await seedSamplePolicy(embedded.db);
  await upsertInvoices(embedded.db, portfolio);
  await embedded.close();
  report('PGlite', await engineLoad({ DUNWELL_DATA_DIR: dataDir, DATABASE_URL: undefined }), false);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (serverUrl) {
  const temp = await createTempPostgresDatabase(serverUrl);
  try {
    const server = await openDatabase({ databaseUrl: temp.url });
    await seedSamplePolicy(server.db);
    await upsertInvoices(server.db, portfolio);
    await server.close();
    report('PostgreSQL', await engineLoad({ DATABASE_URL: temp.url }), true);
  } finally {
    await temp.drop();
  }
} else {
  console.log('http: decide on PostgreSQL: skipped (set TEST_DATABASE_URL to a server)');
}
