/**
 * `pnpm run-once --as-of YYYY-MM-DD [--policy ID] [--dry-run]`: runs one day's review in this
 * process, on the configured store (DATABASE_URL, else the embedded data folder), with progress,
 * and prints what it decided. A stopped run-once started again for the same day decides only
 * what is still due, so no customer is contacted twice.
 */
import { parseArgs } from 'node:util';
import { createEngine } from '../app';
import { DomainError } from '../errors';
import { loadConfig } from '../config';
import { isIsoDate } from '../features/days';
import { ModelRegistry } from '../models/registry';
import { progress } from '../progress';
import { getRun, openDatabase, runProgress } from '../store';
import { InProcessQueue } from './queue';

const USAGE = 'usage: pnpm run-once --as-of YYYY-MM-DD [--policy ID] [--dry-run]';
const { values } = parseArgs({
  options: {
    'as-of': { type: 'string' },
    policy: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`${USAGE}\n
Decides every open invoice due for review on the day (its next review date has come, or it was
never decided), records actions and their webhook deliveries, and prints the counts.
  --as-of     the day to run (default: today, UTC)
  --policy    the policy to decide with (default: the default policy)
  --dry-run   decide without logging, acting or sending`);
  process.exit(0);
}

const config = loadConfig();
const asOf = values['as-of'] ?? new Date().toISOString().slice(0, 10);
if (!isIsoDate(asOf)) {
  console.error(`--as-of must be a date YYYY-MM-DD, not ${asOf}\n${USAGE}`);
  process.exit(2);
}

const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch(
  (error: Error) => {
    console.error(`Dunwell could not open the store: ${error.message}`);
    process.exit(1);
  },
);
try {
  const models = config.modelsDir ? new ModelRegistry(config.modelsDir, database.db) : undefined;
  await models?.init();
  const queue = new InProcessQueue();
  const engine = createEngine(database, { models, runQueue: queue });
  const run = await engine.runs.start({
    asOf,
    policyId: values.policy,
    dryRun: values['dry-run'],
    trigger: 'cli',
  });
  const bar = progress(`run ${asOf}`, run.chunks);
  const timer = setInterval(async () => {
    const now = await getRun(database.db, run.id);
    if (now) bar.update((await runProgress(database.db, now)).chunksDone, 'chunks');
  }, 500);
  await queue.idle();
  clearInterval(timer);
  const done = (await getRun(database.db, run.id))!;
  const { outcomes, errors } = await runProgress(database.db, done);
  const counts = Object.entries(outcomes)
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(', ');
  bar.finish(
    `run ${run.id} for ${asOf}: ${run.invoices} open invoices, decided: ${counts || 'none due'}; ${errors.count} errors`,
  );
  for (const e of errors.first.slice(0, 10)) console.error(`  ${e.invoiceId}: ${e.message}`);
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(`The run did not start: ${error.message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
