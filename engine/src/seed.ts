/** First start: the sample policy, published, active and the default. */
import { readFileSync } from 'node:fs';
import { policyDocumentSchema } from './policy';
import { addDays } from './features/days';
import { World } from './ledger/world';
import {
  getPolicy,
  ledgerCounts,
  upsertAccounts,
  upsertDisputes,
  upsertInvoices,
  upsertPayments,
  upsertPromises,
  type Executor,
} from './store';
import { SAMPLE_POLICY_FILE } from './paths';
import { PolicyVersions } from './versions/service';

export function readSamplePolicy() {
  return policyDocumentSchema.parse(JSON.parse(readFileSync(SAMPLE_POLICY_FILE, 'utf8')));
}

/** Seeds the sample policy unless it is already there; returns whether it seeded. */
export async function seedSamplePolicy(db: Executor): Promise<boolean> {
  const sample = readSamplePolicy();
  if (await getPolicy(db, sample.id!)) return false;
  const versions = new PolicyVersions(db);
  await versions.create(sample);
  await versions.publish(sample.id!, 'Sample policy shipped with Dunwell', true);
  return true;
}

export const DEMO_PREFIX = 'DEMO-';

/**
 * A demo ledger for the zero-setup embedded database: a year of a synthetic world ending today
 * (accounts with their master data, invoices, payments, disputes and promises; ids prefixed
 * DEMO-), so decide and runs have a portfolio to work on. Seeded only into an empty ledger;
 * returns how many invoices it added.
 */
export async function seedDemoLedger(db: Executor, today = new Date()): Promise<number> {
  if ((await ledgerCounts(db)).invoices > 0) return 0;
  // History is what happened before the start: to include today, the world starts tomorrow.
  const start = addDays(today.toISOString().slice(0, 10), 1);
  const world = new World({ invoices: 2000, seed: 1, start, idPrefix: DEMO_PREFIX });
  const history = world.history();
  await upsertAccounts(db, history.accounts);
  await upsertInvoices(db, history.invoices);
  await upsertPayments(db, history.payments);
  await upsertDisputes(db, history.disputes);
  await upsertPromises(db, history.promises);
  return history.invoices.length;
}
