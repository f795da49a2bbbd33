/**
 * The fact catalogue: every fact a policy may test, defined once for the engine,
 * the editor and training. Day counts are whole UTC calendar days from an anchor date.
 */
import { COUNTRY_CODES, CURRENCY_CODES } from './codes';

export const ACTION_TYPES = ['email', 'sms', 'call', 'letter', 'task', 'escalate'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const SEGMENTS = ['small_business', 'mid_market', 'enterprise', 'public_sector'] as const;

export type FactGroup = 'invoice' | 'account' | 'history' | 'model';

interface FactBase {
  name: string;
  /** What a person reads: "Days past due", never the name. */
  label: string;
  group: FactGroup;
  description: string;
  unit?: string;
}
export interface NumberFact extends FactBase {
  type: 'number' | 'integer';
  /** The values the fact can take, where bounded: a share or a probability is from 0 to 1. */
  range?: readonly [number, number];
  /** For day-count facts: the date the count starts from; a wait node may use these. */
  anchor?: string;
}
export interface BooleanFact extends FactBase {
  type: 'boolean';
}
export interface EnumFact extends FactBase {
  type: 'enum';
  values: readonly string[];
}
export type FactDefinition = NumberFact | BooleanFact | EnumFact;
export type FactType = FactDefinition['type'];

/** Where the name alone does not read well. */
const LABELS: Readonly<Record<string, string>> = {
  termsDays: 'Payment terms',
  reportingAmount: 'Amount in the reporting currency',
  reportingOpenAmount: 'Open amount in the reporting currency',
  smsAllowed: 'SMS allowed',
  tenureDays: 'Customer for (days)',
  avgDaysLate: 'Average days late',
  contactsLast7Days: 'Contacts in the last 7 days',
  lateProbability: 'Late-payment probability',
  payWithin30Probability: 'Probability paid within 30 days',
  predictedDaysToPay: 'Predicted days to pay (P50, from issue)',
  payDateP10: 'Early pay date (P10, days from issue)',
  payDateP90: 'Late pay date (P90, days from issue)',
  // Scores beside the facts, shown in explanations.
  predictedPayDate: 'Predicted pay date',
  payDateRange: 'Pay date range (P10 – P90)',
};

/** "daysPastDue" → "Days past due", "split.ab" → "Split ab". */
function labelFromName(name: string): string {
  const words = name
    .replace(/\./g, ' ')
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const labelled = (name: string) => ({ name, label: LABELS[name] ?? labelFromName(name) });

const num = (
  group: FactGroup,
  name: string,
  description: string,
  unit?: string,
  range?: readonly [number, number],
): NumberFact => ({
  ...labelled(name),
  group,
  type: 'number',
  description,
  unit,
  ...(range ? { range } : {}),
});
const SHARE = [0, 1] as const;
const int = (group: FactGroup, name: string, description: string, unit?: string): NumberFact => ({
  ...labelled(name),
  group,
  type: 'integer',
  description,
  unit,
});
const days = (group: FactGroup, name: string, description: string, anchor: string): NumberFact => ({
  ...labelled(name),
  group,
  type: 'integer',
  description,
  unit: 'days',
  anchor,
});
const bool = (group: FactGroup, name: string, description: string): BooleanFact => ({
  ...labelled(name),
  group,
  type: 'boolean',
  description,
});
const oneOf = (group: FactGroup, name: string, description: string, values: readonly string[]): EnumFact => ({
  ...labelled(name),
  group,
  type: 'enum',
  description,
  values,
});

export const FACTS: readonly FactDefinition[] = [
  num('invoice', 'amount', 'Invoice amount, in the invoice currency', 'currency'),
  num('invoice', 'openAmount', 'Amount still unpaid, in the invoice currency', 'currency'),
  num(
    'invoice',
    'reportingAmount',
    'Invoice amount in the reporting currency, at the stored exchange rate (missing without one)',
    'reporting currency',
  ),
  num(
    'invoice',
    'reportingOpenAmount',
    'Amount still unpaid in the reporting currency, at the stored exchange rate (missing without one)',
    'reporting currency',
  ),
  oneOf('invoice', 'currency', 'Invoice currency (ISO 4217)', CURRENCY_CODES),
  days('invoice', 'daysPastDue', 'Days since the due date (negative before it)', 'dueDate'),
  days('invoice', 'daysSinceIssue', 'Days since the invoice was issued', 'issueDate'),
  int('invoice', 'termsDays', 'Payment terms: days from issue to due date', 'days'),
  bool('invoice', 'disputed', 'The customer disputes the invoice'),
  bool('invoice', 'promiseActive', 'A promise to pay is in force (its date has not passed)'),
  bool('invoice', 'promiseBroken', 'A promised payment date has passed unpaid'),
  bool('invoice', 'paperless', 'The invoice was sent electronically'),

  oneOf('account', 'segment', 'Customer segment', SEGMENTS),
  oneOf('account', 'country', 'Customer country (ISO 3166-1 alpha-2)', COUNTRY_CODES),
  num('account', 'openBalance', 'Total unpaid amount across the account', 'currency'),
  int('account', 'openInvoiceCount', 'Number of unpaid invoices on the account'),
  num('account', 'creditLimit', 'Credit limit granted to the account', 'currency'),
  num('account', 'creditUtilization', 'Open balance divided by credit limit', 'ratio'),
  days('account', 'tenureDays', 'Days since the account became a customer', 'customerSince'),
  int('account', 'settledInvoiceCount', 'Invoices the account has paid so far'),
  num('account', 'lateRate', 'Share of settled invoices paid after their due date', 'ratio', SHARE),
  num('account', 'avgDaysLate', 'Average days late over settled invoices (early counts as 0)', 'days'),
  days('account', 'daysSinceLastPayment', 'Days since the account last paid', 'lastPaymentDate'),
  num('account', 'disputeRate', 'Share of the account\u2019s invoices that were disputed', 'ratio', SHARE),
  bool('account', 'emailAllowed', 'The customer consents to email'),
  bool('account', 'smsAllowed', 'The customer consents to text messages'),
  bool('account', 'callAllowed', 'The customer consents to phone calls'),
  bool('account', 'doNotContact', 'The customer must not be contacted at all'),

  int('history', 'stepsTaken', 'Dunning steps already taken on this invoice'),
  oneOf('history', 'lastActionType', 'Type of the last dunning step taken', ACTION_TYPES),
  days('history', 'daysSinceLastAction', 'Days since the last dunning step', 'lastActionDate'),
  int('history', 'contactsLast7Days', 'Customer contacts made in the last 7 days'),

  num(
    'model',
    'lateProbability',
    'Risk model: probability the invoice is paid after its due date, knowing it is still open (1 once past due)',
    'probability',
    SHARE,
  ),
  num(
    'model',
    'payWithin30Probability',
    'Risk model: probability the invoice is paid within the next 30 days, knowing it is still open',
    'probability',
    SHARE,
  ),
  num(
    'model',
    'predictedDaysToPay',
    'Payment-date model: expected days from issue to payment (P50), never before today',
    'days',
  ),
  num('model', 'payDateP10', 'Payment-date model: early estimate, days from issue (P10), never before today', 'days'),
  num('model', 'payDateP90', 'Payment-date model: late estimate, days from issue (P90)', 'days'),
  num('model', 'predictedDaysLate', 'Expected days paid after the due date: max(0, P50 \u2212 terms)', 'days'),
];

const BY_NAME = new Map(FACTS.map((f) => [f.name, f]));

/** The bucket fact the engine supplies for a split node (0\u201399). */
export const splitFactName = (nodeId: string): string => `split.${nodeId}`;

export function getFact(name: string): FactDefinition | undefined {
  return BY_NAME.get(name);
}

/** A fact as a person reads it, wherever it is shown: the catalogue's label, or words made of an unknown name. */
export function factLabel(name: string): string {
  return BY_NAME.get(name)?.label ?? LABELS[name] ?? labelFromName(name);
}

/** Day-count facts have an anchor date and are the only facts a wait node may use. */
export function isDayCountFact(name: string): boolean {
  const fact = BY_NAME.get(name);
  return fact !== undefined && 'anchor' in fact && fact.anchor !== undefined;
}

export const CONSENT_FACT: Partial<Record<ActionType, string>> = {
  email: 'emailAllowed',
  sms: 'smsAllowed',
  call: 'callAllowed',
};

/** Actions that reach the customer; `doNotContact` turns them into a stop. */
export const CONTACT_ACTIONS: ReadonlySet<ActionType> = new Set(['email', 'sms', 'call', 'letter', 'escalate']);

/** Channels that count as a contact for the contact rules (the weekly cap, business days, the send window). */
export const CONTACT_CHANNELS: ReadonlySet<ActionType> = new Set(['email', 'sms', 'call', 'letter']);
