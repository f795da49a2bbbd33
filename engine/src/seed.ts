/** First start: the sample policy, published, active and the default. */
import { readFileSync } from 'node:fs';
import { policyDocumentSchema } from './policy';
import { generatePortfolio } from './ledger/synthetic';
import { getPolicy, ledgerCounts, upsertInvoices, type Executor } from './store';
import { PolicyVersions } from './versions/service';

export const SAMPLE_POLICY_FILE = new URL('../policies/standard-b2b.json', import.meta.url);

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
 * A demo ledger for the zero-setup embedded database: a year of synthetic invoices ending
 * today, ids prefixed DEMO-, so decide has account history to show. Seeded only into an
 * empty ledger; returns how many invoices it added.
 */
export async function seedDemoLedger(db: Executor, today = new Date()): Promise<number> {
  if ((await ledgerCounts(db)).invoices > 0) return 0;
  const rows = generatePortfolio({
    invoices: 2000,
    seed: 1,
    endDate: today.toISOString().slice(0, 10),
    years: 1,
    idPrefix: DEMO_PREFIX,
  });
  await upsertInvoices(db, rows);
  return rows.length;
}
