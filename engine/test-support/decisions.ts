/** Decision log rows for store tests. */
import { randomUUID } from 'node:crypto';
import { type NewDecisionRow } from '../src/store';

export function decision(overrides: Partial<NewDecisionRow> & { asOf: Date }): NewDecisionRow {
  return {
    id: randomUUID(),
    invoiceId: 'INV-1',
    accountId: 'ACME',
    policyId: 'standard',
    policyVersion: 1,
    contentHash: 'h1',
    outcome: 'action',
    request: { invoice: { id: overrides.invoiceId ?? 'INV-1' } },
    facts: { daysPastDue: 10, lateProbability: null },
    response: { outcome: 'action', action: { type: 'email' } },
    ...overrides,
  };
}

export const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 9));
