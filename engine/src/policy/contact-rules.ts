/**
 * Contact rules: limits on reaching a customer that the engine enforces whatever a policy's steps
 * say (docs/policy.md, "Contact rules"). A deployment sets them; a policy may tighten them, never
 * loosen them.
 */
import { z } from 'zod';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM');

export const sendWindowSchema = z
  .object({ from: clock, to: clock })
  .strict()
  .refine((w) => w.from < w.to, { message: 'the window must end after it starts', path: ['to'] });
export type SendWindow = z.infer<typeof sendWindowSchema>;

export const contactRulesSchema = z
  .object({
    /** Contacts (email, sms, call, letter) per account in any 7 days in a row; null: no cap. */
    weeklyCap: z.number().int().min(1).max(50).nullable(),
    /** Contacts only on the business days of the account's country: no weekend, no public holiday. */
    businessDaysOnly: z.boolean(),
    /** Contacts only between these times of day in the account's time zone; null: any time. */
    sendWindow: sendWindowSchema.nullable(),
  })
  .strict();
export type ContactRules = z.infer<typeof contactRulesSchema>;

/** What a policy may say of the rules: each one only tightens the deployment's. */
export const policyContactRulesSchema = contactRulesSchema.partial().meta({ id: 'PolicyContactRules' });
export type PolicyContactRules = z.infer<typeof policyContactRulesSchema>;

/** The stricter of two rule sets: the lower cap, business days if either wants them, the narrower window. */
export function tighten(deployment: ContactRules, policy: PolicyContactRules | undefined): ContactRules {
  if (!policy) return deployment;
  const caps = [deployment.weeklyCap, policy.weeklyCap].filter((c): c is number => typeof c === 'number');
  const windows = [deployment.sendWindow, policy.sendWindow].filter((w): w is SendWindow => !!w);
  return {
    weeklyCap: caps.length > 0 ? Math.min(...caps) : null,
    businessDaysOnly: deployment.businessDaysOnly || policy.businessDaysOnly === true,
    sendWindow:
      windows.length === 0
        ? null
        : {
            from: windows
              .map((w) => w.from)
              .sort()
              .at(-1)!,
            to: windows.map((w) => w.to).sort()[0]!,
          },
  };
}
