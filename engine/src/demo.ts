/**
 * The demo for a first start on the embedded database: a synthetic world of accounts and invoices
 * with a year of history, then the last 90 days lived through as production would: each day the
 * customers' payments, disputes and promises reach the ledger, a run decides what is due with the
 * sample policy, and the customers react to the contacts they get. The worklist, the reports and
 * the experiments then have something true to show. Ids are prefixed DEMO-; illustrative exchange
 * rates are set unless rates are.
 */
import { createEngine } from './app';
import { addDays } from './features/days';
import { World, type Happenings } from './ledger/world';
import { readFxRates, writeFxRates, type FxRates } from './measures/fx';
import { type ModelRegistry } from './models/registry';
import { type ActionType } from './policy';
import { progress } from './progress';
import { InProcessQueue } from './runs/queue';
import {
  deliverActionsOf,
  ledgerCounts,
  upsertAccounts,
  upsertDisputes,
  upsertInvoices,
  upsertPayments,
  upsertPromises,
  type Database,
  type Executor,
} from './store';

export const DEMO_PREFIX = 'DEMO-';

/** Illustrative rates for the demo's currencies, so that reports add them up; an admin sets real ones. */
export const DEMO_FX_RATES: FxRates = { reportingCurrency: 'USD', rates: { EUR: 1.08, CAD: 0.73 } };

export interface DemoOptions {
  /** The last day lived through (default today, UTC). */
  today?: Date;
  /** Days of runs up to today (default 90; 0 seeds the ledger alone). */
  days?: number;
  invoices?: number;
  /** Scores the runs' decisions; without it they carry none. */
  models?: ModelRegistry;
  /** Where progress goes (default stderr; a bar on a terminal). */
  stream?: NodeJS.WriteStream;
}

async function write(db: Executor, records: Happenings): Promise<void> {
  await upsertInvoices(db, records.invoices);
  await upsertPayments(db, records.payments);
  await upsertDisputes(db, records.disputes);
  await upsertPromises(db, records.promises);
}

/**
 * Seeds the demo into an empty ledger and returns how many invoices it holds; a ledger that holds
 * anything is left alone (0).
 */
export async function seedDemo(database: Database, options: DemoOptions = {}): Promise<number> {
  const { db } = database;
  if ((await ledgerCounts(db)).invoices > 0) return 0;
  const days = options.days ?? 90;
  const today = (options.today ?? new Date()).toISOString().slice(0, 10);
  const first = addDays(today, 1 - days);
  const world = new World({
    invoices: options.invoices ?? 2000,
    seed: 1,
    start: first,
    futureDays: days,
    idPrefix: DEMO_PREFIX,
  });
  if (!(await readFxRates(db))) await writeFxRates(db, DEMO_FX_RATES);
  const history = world.history();
  await upsertAccounts(db, history.accounts);
  await write(db, history);
  if (days === 0) return history.invoices.length;

  const queue = new InProcessQueue();
  const engine = createEngine(database, { models: options.models, runQueue: queue });
  const bar = progress('demo: 90 days of runs', days, options.stream);
  let issued = history.invoices.length;
  let contacts = 0;
  try {
    for (let i = 0; i < days; i++) {
      const date = addDays(first, i);
      const happened = world.on(date);
      issued += happened.invoices.length;
      await write(db, happened);
      await engine.runs.start({ asOf: date, trigger: 'cli' });
      await queue.idle();
      for (const { invoiceId, type } of await deliverActionsOf(db, date)) {
        world.contact(invoiceId, type as ActionType, date);
        contacts += 1;
      }
      bar.update(i + 1, date);
    }
  } finally {
    await queue.stop();
    await engine.close();
  }
  bar.finish(`demo: ${issued} invoices, ${days} days of runs up to ${today}, ${contacts} contacts`);
  return issued;
}
