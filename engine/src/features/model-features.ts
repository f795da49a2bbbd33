/**
 * The model features: one definition for training and serving. An invoice's own attributes, how
 * long it has been open at the scoring date (`asOf`), the dunning it has had by then, and its
 * account's history at that date; never its own payment status. Encodings (imputation of missing
 * values, one-hot categories) are fitted by training, stored in the model manifest, and applied
 * here; scaling lives in the ONNX graph.
 */
import { dayNumber, daysBetween } from './days';
import { promiseState } from './invoice-records';
import { type AccountHistory } from './history';

export interface ModelInput {
  invoice: {
    amount: number;
    currency: string;
    issueDate: string;
    dueDate: string;
    disputed?: boolean | null;
    paperless?: boolean | null;
    /** The latest promise to pay made by `asOf` (invoice-records.ts); null: none; absent: unknown. */
    promiseToPayDate?: string | null;
  };
  /** The scoring date: the invoice is known to be open then. */
  asOf: string | Date;
  history: AccountHistory;
  /** Dunning steps taken on the invoice before the day of `asOf` (invoice-records.ts); absent: unknown. */
  stepsTaken?: number;
}

const log1p = (v: number | undefined) => (v === undefined ? undefined : Math.log1p(Math.max(0, v)));
const flag = (v: boolean | null | undefined) => (v === undefined || v === null ? undefined : v ? 1 : 0);

export interface NumericFeature {
  name: string;
  description: string;
  value(input: ModelInput): number | undefined;
  /** Computed from the account's paid invoices: missing, as expected, until it has one (`hasHistory` 0 says so). */
  fromPaidInvoices?: true;
  /** An amount in the invoice's currency: read as it is written, whatever the currency. */
  money?: true;
  /** Read from the ledger's steps and promises: a file of invoices does not have them. */
  fromDunning?: true;
}

/** The promise's state at `asOf`; the invoice is open then, so a passed promise is a broken one. */
const promiseAt = ({ invoice, asOf }: ModelInput) => promiseState(invoice.promiseToPayDate, asOf, true);

export const NUMERIC_FEATURES: readonly NumericFeature[] = [
  {
    name: 'logAmount',
    description: 'log(1 + invoice amount)',
    value: ({ invoice }) => log1p(invoice.amount),
    money: true,
  },
  {
    name: 'termsDays',
    description: 'days from issue to due date',
    value: ({ invoice }) => daysBetween(invoice.issueDate, invoice.dueDate),
  },
  {
    name: 'daysOpen',
    description: 'days from issue to the scoring date, the invoice still open',
    value: ({ invoice, asOf }) => daysBetween(invoice.issueDate, asOf),
  },
  {
    name: 'dueReached',
    description: 'the due date has come by the scoring date (1) or not (0)',
    value: ({ invoice, asOf }) => (daysBetween(invoice.dueDate, asOf) >= 0 ? 1 : 0),
  },
  {
    name: 'logDaysToDue',
    description: 'log(1 + days left until the due date), 0 once it has come',
    value: ({ invoice, asOf }) => Math.log1p(Math.max(0, daysBetween(asOf, invoice.dueDate))),
  },
  {
    name: 'logDaysPastDue',
    description: 'log(1 + days past the due date), 0 before it',
    value: ({ invoice, asOf }) => Math.log1p(Math.max(0, daysBetween(invoice.dueDate, asOf))),
  },
  {
    name: 'disputed',
    description: 'the invoice is disputed (1) or not (0)',
    value: ({ invoice }) => flag(invoice.disputed),
  },
  {
    name: 'paperless',
    description: 'the invoice was sent electronically',
    value: ({ invoice }) => flag(invoice.paperless),
  },
  {
    name: 'logStepsTaken',
    description: 'log(1 + dunning steps taken on the invoice before the scoring day)',
    value: ({ stepsTaken }) => log1p(stepsTaken),
    fromDunning: true,
  },
  {
    name: 'promiseActive',
    description: 'a promise to pay made by the scoring day is still in force (1) or not (0)',
    value: (input) => flag(promiseAt(input)?.active),
    fromDunning: true,
  },
  {
    name: 'promiseBroken',
    description: 'the latest promise to pay has passed with the invoice still open (1) or not (0)',
    value: (input) => flag(promiseAt(input)?.broken),
    fromDunning: true,
  },
  {
    name: 'hasHistory',
    description: 'the account has paid an invoice before',
    value: ({ history }) => (history.settledCount > 0 ? 1 : 0),
  },
  {
    name: 'logSettledCount',
    description: 'log(1 + invoices the account has paid)',
    value: ({ history }) => log1p(history.settledCount),
  },
  {
    name: 'lateRate',
    description: 'share of the account\u2019s paid invoices paid late',
    value: ({ history }) => history.lateRate,
    fromPaidInvoices: true,
  },
  {
    name: 'avgDaysLate',
    description: 'average days late (early counts as 0)',
    value: ({ history }) => history.avgDaysLate,
    fromPaidInvoices: true,
  },
  {
    name: 'meanDelay',
    description: 'average days between due date and payment',
    value: ({ history }) => history.meanDelay,
    fromPaidInvoices: true,
  },
  {
    name: 'lastDelay',
    description: 'days late of the last paid invoice',
    value: ({ history }) => history.lastDelay,
    fromPaidInvoices: true,
  },
  {
    name: 'undisputedDelay',
    description: 'average days late over invoices that were not disputed',
    value: ({ history }) => history.undisputedDelay,
    fromPaidInvoices: true,
  },
  {
    name: 'sameChannelDelay',
    description: 'average days late over invoices sent the same way (paper or electronic)',
    value: ({ history }) => history.sameChannelDelay,
    fromPaidInvoices: true,
  },
  {
    name: 'medianDelay',
    description: 'median days between due date and payment',
    value: ({ history }) => history.medianDelay,
    fromPaidInvoices: true,
  },
  {
    name: 'recentDelay',
    description: 'days late, recent invoices weighted most',
    value: ({ history }) => history.recentDelay,
    fromPaidInvoices: true,
  },
  {
    name: 'delaySpread',
    description: 'how much the account\u2019s payment timing varies (days)',
    value: ({ history }) => history.delaySpread,
    fromPaidInvoices: true,
  },
  {
    name: 'logDaysSinceLastPayment',
    description: 'log(1 + days since the last payment)',
    value: ({ history }) => log1p(history.daysSinceLastPayment),
    fromPaidInvoices: true,
  },
  {
    name: 'logOpenInvoiceCount',
    description: 'log(1 + other open invoices)',
    value: ({ history }) => log1p(history.openInvoiceCount),
  },
  {
    name: 'logOpenBalance',
    description: 'log(1 + other open amount)',
    value: ({ history }) => log1p(history.openBalance),
    money: true,
  },
  {
    name: 'logTenureDays',
    description: 'log(1 + days since the account\u2019s first invoice)',
    value: ({ history }) => log1p(history.tenureDays),
  },
];

export const CATEGORY_SOURCES = {
  currency: (input: ModelInput) => input.invoice.currency,
  /** Payments cluster on working days: a due date on a weekend moves them. */
  dueWeekday: (input: ModelInput) => String(new Date(dayNumber(input.invoice.dueDate) * 86_400_000).getUTCDay()),
} as const;
export type CategorySource = keyof typeof CATEGORY_SOURCES;

export type FeatureEncoding =
  | { name: string; kind: 'numeric'; impute: number }
  | { name: string; kind: 'category'; source: CategorySource; value: string };

export interface EncodedRow {
  vector: Float32Array;
  /** Numeric features that were missing and imputed. */
  imputed: string[];
}

const NUMERIC_BY_NAME = new Map(NUMERIC_FEATURES.map((f) => [f.name, f]));

export function encodeFeatures(input: ModelInput, encodings: readonly FeatureEncoding[]): EncodedRow {
  const vector = new Float32Array(encodings.length);
  const imputed: string[] = [];
  encodings.forEach((e, j) => {
    if (e.kind === 'category') {
      vector[j] = CATEGORY_SOURCES[e.source](input) === e.value ? 1 : 0;
      return;
    }
    const feature = NUMERIC_BY_NAME.get(e.name);
    if (!feature) throw new Error(`unknown model feature ${e.name}`);
    const value = feature.value(input);
    if (value === undefined || !Number.isFinite(value)) imputed.push(e.name);
    vector[j] = value === undefined || !Number.isFinite(value) ? e.impute : value;
  });
  return { vector, imputed };
}

/**
 * Fits the encodings on training inputs: missing numbers are imputed with the training
 * mean, and each category value seen at least `minCount` times gets a one-hot column.
 */
export function fitEncodings(
  inputs: readonly ModelInput[],
  options: { numeric: readonly string[]; categories: readonly CategorySource[]; minCount?: number },
): FeatureEncoding[] {
  const numeric = options.numeric.map((name): FeatureEncoding => {
    const feature = NUMERIC_BY_NAME.get(name);
    if (!feature) throw new Error(`unknown model feature ${name}`);
    const values = inputs
      .map((i) => feature.value(i))
      .filter((v): v is number => v !== undefined && Number.isFinite(v));
    const impute = values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
    return { name, kind: 'numeric', impute };
  });
  const categories = options.categories.flatMap((source) => {
    const counts = new Map<string, number>();
    for (const input of inputs) {
      const v = CATEGORY_SOURCES[source](input);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return [...counts.entries()]
      .filter(([, n]) => n >= (options.minCount ?? 20))
      .map(([v]) => v)
      .sort()
      .map((value): FeatureEncoding => ({ name: `${source}=${value}`, kind: 'category', source, value }));
  });
  return [...numeric, ...categories];
}
