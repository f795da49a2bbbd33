/**
 * What each kind of action costs (docs/measures.md): a deployment setting that backtests price
 * contacts with, in one currency. The defaults are illustrative; a finance team sets its own.
 */
import { z } from 'zod';
import { ACTION_TYPES } from '../policy';
import { getSetting, setSetting, type Executor } from '../store';

export const contactCostsSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
    /** The cost of one action of each type; a type left out costs nothing. */
    perAction: z.partialRecord(z.enum(ACTION_TYPES), z.number().min(0).finite()),
  })
  .strict()
  .meta({ id: 'ContactCosts' });
export type ContactCosts = z.infer<typeof contactCostsSchema>;

export const DEFAULT_CONTACT_COSTS: ContactCosts = {
  currency: 'EUR',
  perAction: { email: 0.05, sms: 0.1, call: 4, letter: 1.5, task: 2, escalate: 15 },
};
const SETTING = 'contact_costs';

export async function readContactCosts(db: Executor): Promise<ContactCosts> {
  const stored = contactCostsSchema.safeParse(await getSetting(db, SETTING));
  return stored.success ? stored.data : DEFAULT_CONTACT_COSTS;
}

export async function writeContactCosts(db: Executor, costs: ContactCosts): Promise<ContactCosts> {
  await setSetting(db, SETTING, costs);
  return costs;
}
