/**
 * What an API key may do (docs/security.md). Each operation of the API needs one scope; `admin`
 * holds them all.
 */
export const SCOPES = [
  'decide',
  'ledger:write',
  'reports:read',
  'policies:edit',
  'policies:publish',
  'models:admin',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_MEANING: Record<Scope, string> = {
  decide: 'decide invoices (single and batch) and read logged decisions',
  'ledger:write': 'write the ledger (accounts, invoices, payments, disputes, promises) and act on actions',
  'reports:read': 'read the ledger, invoices’ stories, runs, actions, the outbox, policies and settings',
  'policies:edit': 'create policies, save and validate drafts, simulate',
  'policies:publish': 'publish and activate versions, choose the default policy',
  'models:admin': 'activate model versions',
  admin: 'everything, including keys, settings, webhooks, runs and the audit log',
};

export function allows(held: readonly string[], needed: Scope): boolean {
  return held.includes('admin') || held.includes(needed);
}
