/** Realistic invoices to simulate with one click; each is a complete request with its decision date. */
import { type SimulationInput } from '../api';

export interface Preset {
  id: string;
  title: string;
  request: SimulationInput;
}

const consentAll = { emailAllowed: true, smsAllowed: true, callAllowed: true };

export const PRESETS: readonly Preset[] = [
  {
    id: 'pre-due',
    title: 'Due in 3 days · punctual small business',
    request: {
      invoice: {
        id: 'INV-2041',
        accountId: 'BAKERY-12',
        amount: 840,
        currency: 'EUR',
        issueDate: '2026-03-01',
        dueDate: '2026-03-31',
        disputed: false,
        promiseToPayDate: null,
      },
      account: { id: 'BAKERY-12', segment: 'small_business', country: 'DE', lateRate: 0.05, ...consentAll },
      asOf: '2026-03-28',
    },
  },
  {
    id: 'late-large',
    title: '12 days late · large enterprise invoice',
    request: {
      invoice: {
        id: 'INV-1187',
        accountId: 'ACME',
        amount: 18500,
        currency: 'EUR',
        issueDate: '2026-02-01',
        dueDate: '2026-03-03',
        disputed: false,
        promiseToPayDate: null,
      },
      account: { id: 'ACME', segment: 'enterprise', country: 'NL', creditLimit: 50000, lateRate: 0.4, ...consentAll },
      history: { stepsTaken: 2, lastActionType: 'email', lastActionDate: '2026-03-08' },
      asOf: '2026-03-15',
    },
  },
  {
    id: 'late-no-email',
    title: '8 days late · no email consent',
    request: {
      invoice: {
        id: 'INV-3310',
        accountId: 'NORDWIND',
        amount: 2300,
        currency: 'EUR',
        issueDate: '2026-01-15',
        dueDate: '2026-02-14',
        disputed: false,
        promiseToPayDate: null,
      },
      account: {
        id: 'NORDWIND',
        segment: 'mid_market',
        country: 'AT',
        lateRate: 0.2,
        emailAllowed: false,
        smsAllowed: false,
        callAllowed: false,
      },
      history: { stepsTaken: 1, lastActionType: 'letter', lastActionDate: '2026-02-15' },
      asOf: '2026-02-22',
    },
  },
  {
    id: 'disputed',
    title: 'Disputed invoice, 20 days late',
    request: {
      invoice: {
        id: 'INV-0999',
        accountId: 'CIVITAS',
        amount: 5600,
        currency: 'GBP',
        issueDate: '2026-01-05',
        dueDate: '2026-02-04',
        disputed: true,
        promiseToPayDate: null,
      },
      account: { id: 'CIVITAS', segment: 'public_sector', country: 'GB', lateRate: 0.3, ...consentAll },
      asOf: '2026-02-24',
    },
  },
];
