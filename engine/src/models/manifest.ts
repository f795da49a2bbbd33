/** The model manifest: what training writes beside each ONNX file and what the engine reads. */
import { z } from 'zod';

export const MODEL_NAMES = ['risk', 'payment-date'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/**
 * The output columns each model must have, by name: the engine reads them by the manifest's
 * `output.columns`, in whatever order the model writes them.
 */
export const OUTPUT_COLUMNS = {
  risk: ['lateProbability', 'payWithin30Probability'],
  'payment-date': ['payDateP10', 'predictedDaysToPay', 'payDateP90'],
} as const satisfies Record<ModelName, readonly string[]>;

const encoding = z.discriminatedUnion('kind', [
  z.object({ name: z.string(), kind: z.literal('numeric'), impute: z.number() }),
  z.object({ name: z.string(), kind: z.literal('category'), source: z.enum(['currency', 'dueWeekday']), value: z.string() }),
]);

const featureSpec = encoding.and(
  z.object({
    /** The training range: inputs outside it are clipped by the graph and flagged in explanations. */
    min: z.number(),
    max: z.number(),
    mean: z.number(),
    std: z.number(),
    description: z.string(),
    /**
     * Whether the input can move a score: false when it was constant in training or no tree splits
     * on it, and then no warning names it. Absent (older manifests): it can when it varied in training.
     */
    informative: z.boolean().optional(),
  }),
);
export type FeatureSpec = z.infer<typeof featureSpec>;

export const VERDICTS = ['beats', 'ties', 'loses'] as const;

/**
 * A metric of the model against the best baseline on it: the difference (model minus
 * baseline) with its 95% paired-bootstrap interval; "ties" when the interval holds 0.
 */
const verdict = z.object({
  baseline: z.string(),
  difference: z.number(),
  interval: z.tuple([z.number(), z.number()]),
  verdict: z.enum(VERDICTS),
});
export type Verdict = z.infer<typeof verdict>;

const metricWithBaselines = <T extends z.ZodRawShape>(shape: T) =>
  z.object({
    ...shape,
    rows: z.number().int(),
    baselines: z.record(z.string(), z.object(shape)),
    verdicts: z.record(z.string(), verdict).optional(),
  });

/** `auc` is null when every test invoice had the same outcome: there is nothing to rank. */
export const riskMetrics = metricWithBaselines({ auc: z.number().nullable(), brier: z.number(), logLoss: z.number() });
export const paymentMetrics = metricWithBaselines({ mae: z.number(), rmse: z.number(), p10p90Coverage: z.number() });

/** The points at which the models are evaluated, each an invoice still open then. */
export const EVALUATION_POINTS = ['issue', 'due', 'due+15', 'due+30'] as const;
export type EvaluationPoint = (typeof EVALUATION_POINTS)[number];

const atPoint = z.object({
  /** The probability of paying after the due date: only while that is still open (at issue and due). */
  lateProbability: riskMetrics.optional(),
  payWithin30Probability: riskMetrics.optional(),
  /** Days from the point to payment. */
  remainingDays: paymentMetrics.optional(),
});
export const pointMetrics = atPoint.extend({
  point: z.enum(EVALUATION_POINTS),
  /** Test invoices still open at the point. */
  rows: z.number().int(),
  /** The same for accounts with no paid invoice yet, when there are at least 20. */
  coldStart: atPoint.nullable(),
});
export type PointMetrics = z.infer<typeof pointMetrics>;

export const manifestSchema = z.object({
  name: z.enum(MODEL_NAMES),
  version: z.string().regex(/^[A-Za-z0-9._-]+$/),
  trainerVersion: z.string(),
  createdAt: z.string(),
  onnxFile: z.string(),
  input: z.object({ name: z.string(), description: z.string() }),
  /** Output tensor name and the fact each of its columns becomes. */
  output: z.object({ name: z.string(), columns: z.array(z.string()) }),
  features: z.array(featureSpec),
  architecture: z.object({ kind: z.string(), hidden: z.array(z.number().int()), reason: z.string() }),
  data: z.object({
    source: z.string(),
    mapping: z.string(),
    provenance: z.string(),
    /** Invoices, paid or not; lateRate and meanDaysToPay are of those paid. */
    rows: z.number().int(),
    /** Training and test examples: each invoice at every as-of day at which it was still open. */
    examples: z.number().int(),
    accounts: z.number().int(),
    issueDateRange: z.tuple([z.string(), z.string()]),
    lateRate: z.number(),
    meanDaysToPay: z.number(),
    /** The invoices' currencies: amounts in another are read as if in one of these. */
    currencies: z.array(z.string()).optional(),
    /** The ledger's dunning the models learnt from (--from-store): steps taken and promises to pay, and on how many invoices. */
    dunning: z
      .object({ steps: z.number().int(), promises: z.number().int(), invoices: z.number().int() })
      .optional(),
    /** What loading the file found: rows in it, skipped, kept but suspect, repaired, and the sanity checks' counts. */
    loading: z
      .object({
        rows: z.number().int(),
        skipped: z.number().int(),
        suspect: z.number().int(),
        repaired: z.record(z.string(), z.number().int()),
        checks: z.record(z.string(), z.number().int()),
      })
      .optional(),
  }),
  /** Invoices in each part. */
  split: z.object({ cutoff: z.string().nullable(), trainRows: z.number().int(), validationRows: z.number().int(), testRows: z.number().int() }),
  seed: z.number().int(),
  metrics: z.object({
    test: z.union([riskMetrics, paymentMetrics]).nullable(),
    coldStart: z.union([riskMetrics, paymentMetrics]).nullable(),
    withoutDispute: z.union([riskMetrics, paymentMetrics]).nullable(),
    /** Out of time at each evaluation point, beside baselines. */
    asOf: z.array(pointMetrics),
  }),
});
export type ModelManifest = z.infer<typeof manifestSchema>;
