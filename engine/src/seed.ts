/** First start: the sample policy, published, active and the default. */
import { readFileSync } from 'node:fs';
import { policyDocumentSchema } from './policy';
import { getPolicy, type Executor } from './store';
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
