/**
 * `pnpm bench`: how long the reports take with 100,000 invoices in the ledger (`--invoices N`), on
 * the embedded database and, when TEST_DATABASE_URL or DATABASE_URL names a server, on PostgreSQL.
 * The ledger is two years of a generated portfolio with its payments; a run with the shipped
 * models and the sample policy decides what is open on the last day, so the worklist and the
 * channel test's experiment have decisions to read. Each report is asked 5 times through the API;
 * the median is printed against the goal of under a second. A backtest of the run's day is timed
 * from its start to its result.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createEngine, type Engine } from '../src/app';
import { DEMO_FX_RATES } from '../src/demo';
import { addDays } from '../src/features/days';
import { writeFxRates } from '../src/measures/fx';
import { generatePortfolio } from '../src/ledger/synthetic';
import { ModelRegistry } from '../src/models/registry';
import { SHIPPED_MODELS_DIR } from '../src/paths';
import { InProcessQueue } from '../src/runs/queue';
import { seedSamplePolicy } from '../src/seed';
import { upsertInvoices, type Database } from '../src/store';
import { onEachDatabase } from './databases';

const { values } = parseArgs({ options: { invoices: { type: 'string', default: '100000' } } });
const count = Number(values.invoices);
const END = '2026-06-30';
const GOAL_MS = 1000;

const portfolio = generatePortfolio({ invoices: count, seed: 21, endDate: END, years: 2 });

async function timed(engine: Engine, path: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const res = await engine.app.request(path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2]!;
}

async function bench(name: string, database: Database): Promise<void> {
  await seedSamplePolicy(database.db);
  await writeFxRates(database.db, DEMO_FX_RATES);
  for (let i = 0; i < portfolio.length; i += 10_000) await upsertInvoices(database.db, portfolio.slice(i, i + 10_000));
  const models = new ModelRegistry(SHIPPED_MODELS_DIR, database.db);
  await models.init();
  const queue = new InProcessQueue();
  const engine = createEngine(database, { models, runQueue: queue });
  try {
    await engine.runs.start({ asOf: END, trigger: 'cli' });
    await queue.idle();
    const reports: Array<[string, string]> = [
      ['KPIs, 12 months', `/v1/reports/kpis?from=${addDays(END, -364)}&to=${END}&interval=month`],
      ['aging by segment', `/v1/reports/aging?asOf=${END}&by=segment`],
      ['cash forecast, 13 weeks with its backtest', `/v1/reports/cash-forecast?asOf=${END}&weeks=13`],
      ['worklist, first page', `/v1/worklist?asOf=${END}`],
      ['decision log, first page', `/v1/decisions?limit=100`],
      ['experiment (channel test)', `/v1/experiments/standard-b2b/channel-test?asOf=${END}`],
      ['experiments list', '/v1/experiments'],
    ];
    for (const [what, path] of reports) {
      const ms = await timed(engine, path);
      console.log(
        `${name}: ${what} ${ms.toFixed(0)} ms (median of 5; goal < ${GOAL_MS} ms: ${ms < GOAL_MS ? 'met' : 'NOT met'})`,
      );
    }
    const started = performance.now();
    const row = await engine.backtests.start('standard-b2b', { candidate: 1, baseline: 1, from: END, to: END }, null);
    await engine.backtests.idle();
    const backtest = await engine.backtests.get('standard-b2b', row.id);
    console.log(
      `${name}: backtest of ${backtest.progress.done} decisions ${(performance.now() - started).toFixed(0)} ms ` +
        `(${backtest.status})`,
    );
  } finally {
    await engine.close();
  }
}

console.log(`reports with ${count} invoices in the ledger`);
await onEachDatabase('reports', bench);
