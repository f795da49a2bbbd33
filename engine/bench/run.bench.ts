/**
 * `pnpm bench`: a run over a portfolio of open invoices (default 100,000; `--invoices N`), on the
 * embedded database and, when TEST_DATABASE_URL or DATABASE_URL names a server, on PostgreSQL:
 * decisions per second and the process's peak memory; on PostgreSQL, also the CPU the whole machine
 * spent per decision (engine and server alike) against what its cores could give each at the goal's
 * rate. The run decides with the shipped models, the sample policy and the default contact rules,
 * writing decisions, actions and reviews.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createEngine } from '../src/app';
import { SHIPPED_MODELS_DIR } from '../src/paths';
import { addDays } from '../src/features/days';
import { generatePortfolio } from '../src/ledger/synthetic';
import { ModelRegistry } from '../src/models/registry';
import { progress } from '../src/progress';
import { chunksInHand, InProcessQueue } from '../src/runs/queue';
import { seedSamplePolicy } from '../src/seed';
import { getRun, runProgress, upsertInvoices, type Database } from '../src/store';
import { onEachDatabase } from './databases';
import { budgetMs, busyMs, coreCount } from './machine-cpu';

const { values } = parseArgs({ options: { invoices: { type: 'string', default: '100000' } } });
const count = Number(values.invoices);
const AS_OF = '2026-06-30';

/** Every invoice open on the day: issued in the 120 days before it, none paid. */
const portfolio = generatePortfolio({ invoices: count, seed: 9, endDate: AS_OF, years: 120 / 365 }).map((r) => ({
  ...r,
  settledDate: null,
  issueDate: r.issueDate > AS_OF ? AS_OF : r.issueDate,
  dueDate: r.dueDate < r.issueDate ? addDays(r.issueDate, 30) : r.dueDate,
}));

/** The goal on PostgreSQL: 1,000,000 open invoices in at most 2 minutes, that is this many decisions a second. */
const GOAL_PER_SECOND = 1_000_000 / 120;
const goal = (perSecond: number, cpuPerDecision: number) =>
  ` (goal 1,000,000 invoices in ≤2 minutes, ${Math.round(GOAL_PER_SECOND)}/s: ` +
  `${perSecond >= GOAL_PER_SECOND ? 'met' : 'NOT MET'} at this rate; at that rate this machine's ${coreCount()} cores ` +
  `have ${budgetMs(GOAL_PER_SECOND).toFixed(2)} ms of CPU a decision, and one costs ${cpuPerDecision.toFixed(2)} ms now)`;

async function bench(name: string, database: Database): Promise<void> {
  await seedSamplePolicy(database.db);
  let started = performance.now();
  for (let i = 0; i < portfolio.length; i += 10_000) await upsertInvoices(database.db, portfolio.slice(i, i + 10_000));
  const imported = performance.now() - started;
  const models = new ModelRegistry(SHIPPED_MODELS_DIR, database.db);
  await models.init();
  // The server's queue on PostgreSQL is pg-boss; this one holds the same number of chunks at once.
  const queue = new InProcessQueue(chunksInHand(database.kind));
  const engine = createEngine(database, { models, runQueue: queue, runChunkSize: 500 });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  started = performance.now();
  const busy = busyMs();
  const run = await engine.runs.start({ asOf: AS_OF, trigger: 'cli' });
  const bar = progress(`run on ${name}`, run.chunks, process.stdout);
  const ticker = setInterval(async () => {
    const now = await getRun(database.db, run.id);
    if (now) bar.update((await runProgress(database.db, now)).chunksDone, 'chunks');
  }, 2000);
  await queue.idle();
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = busyMs() - busy;
  clearInterval(sampler);
  clearInterval(ticker);
  const { outcomes, errors } = await runProgress(database.db, (await getRun(database.db, run.id))!);
  const decided = Object.values(outcomes).reduce((a, b) => a + b, 0);
  bar.finish(
    `run on ${name}: ${run.invoices} open invoices, ${decided} decided in ${seconds.toFixed(1)} s ` +
      `(${Math.round(decided / seconds)} decisions/s; ${JSON.stringify(outcomes)}, ${errors.count} errors), ` +
      `peak memory ${Math.round(peak / 1024 / 1024)} MiB; ledger import ${(imported / 1000).toFixed(1)} s` +
      (name === 'PostgreSQL' ? goal(decided / seconds, cpuMs / Math.max(1, decided)) : ''),
  );
}

await onEachDatabase('run', bench);
