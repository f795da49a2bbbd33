/**
 * What the engine enforces whatever the policy says: `doNotContact` stops any contact, and a
 * channel without consent falls back to the action's fallback channel or stops. Consent
 * that is not known counts as not given.
 */
import { CONSENT_FACT, CONTACT_ACTIONS, type Action, type ActionType, type Facts } from '../policy';

export interface Override {
  rule:
    | 'do_not_contact'
    | 'no_consent'
    | 'fallback_channel'
    | 'step_done'
    | 'contact_cap'
    | 'not_business_day'
    | 'send_window_closed'
    | 'send_window';
  message: string;
}

export type Guarded =
  | { outcome: 'action'; action: Action; overrides: Override[] }
  | { outcome: 'stop'; reason: string; overrides: Override[] };

const consented = (type: ActionType, facts: Facts): boolean => {
  const fact = CONSENT_FACT[type];
  return fact === undefined || facts[fact] === true;
};

/** The action the policy decided, as the engine lets it happen: taken, on its fallback channel, or stopped. */
export function applyGuards(action: Action, facts: Facts): Guarded {
  if (facts.doNotContact === true && CONTACT_ACTIONS.has(action.type)) {
    return {
      outcome: 'stop',
      reason: 'do_not_contact',
      overrides: [
        {
          rule: 'do_not_contact',
          message: `The account must not be contacted, so the ${action.type} step was not taken`,
        },
      ],
    };
  }
  if (consented(action.type, facts)) return { outcome: 'action', action, overrides: [] };
  const missingConsent = `The customer has not consented to ${action.type}`;
  if (action.fallback && consented(action.fallback, facts)) {
    const { fallback, ...rest } = action;
    return {
      outcome: 'action',
      action: { ...rest, type: fallback },
      overrides: [{ rule: 'fallback_channel', message: `${missingConsent}; using the fallback channel ${fallback}` }],
    };
  }
  return {
    outcome: 'stop',
    reason: 'no_consent',
    overrides: [{ rule: 'no_consent', message: `${missingConsent} and no fallback channel has consent` }],
  };
}
