/** Deployment settings as JSON values by key: the default policy, the active model versions. */
import { eq } from 'drizzle-orm';
import { configWritten } from './config-cache';
import { type Executor } from './database';
import { settings } from './schema';

export const DEFAULT_POLICY_ID = 'default_policy_id';

/** The stored JSON value, or undefined when the key was never set. Callers validate its shape. */
export async function getSetting(db: Executor, key: string): Promise<unknown> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value;
}

export async function setSetting(db: Executor, key: string, value: unknown): Promise<void> {
  await db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
  configWritten();
}

export async function getDefaultPolicyId(db: Executor): Promise<string | undefined> {
  const value = await getSetting(db, DEFAULT_POLICY_ID);
  return typeof value === 'string' ? value : undefined;
}

export async function setDefaultPolicyId(db: Executor, policyId: string): Promise<void> {
  await setSetting(db, DEFAULT_POLICY_ID, policyId);
}
