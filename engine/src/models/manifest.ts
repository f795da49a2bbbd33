/** The model manifest: what training writes beside each ONNX file and what the engine reads. */
import { z } from 'zod';

export const MODEL_NAMES = ['risk', 'payment-date'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/**
 * The output columns each model must have, by name: the engine reads them by the manifest's
 * `output.columns`, in whatever order the model writes them.
 */
export const OUTPUT_COLUMNS = {
  risk: ['lateProbability'],
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
  }),
);
export type FeatureSpec = z.infer<typeof featureSpec>;

const metricWithBaselines = <T extends z.ZodRawShape>(shape: T) =>
  z.object({
    ...shape,
    rows: z.number().int(),
    baselines: z.record(z.string(), z.object(shape)),
  });

export const riskMetrics = metricWithBaselines({ auc: z.number(), brier: z.number(), logLoss: z.number() });
export const paymentMetrics = metricWithBaselines({ mae: z.number(), rmse: z.number(), p10p90Coverage: z.number() });

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
    rows: z.number().int(),
    accounts: z.number().int(),
    issueDateRange: z.tuple([z.string(), z.string()]),
    lateRate: z.number(),
    meanDaysToPay: z.number(),
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
  split: z.object({ cutoff: z.string().nullable(), trainRows: z.number().int(), validationRows: z.number().int(), testRows: z.number().int() }),
  seed: z.number().int(),
  metrics: z.object({
    test: z.union([riskMetrics, paymentMetrics]).nullable(),
    coldStart: z.union([riskMetrics, paymentMetrics]).nullable(),
    withoutDispute: z.union([riskMetrics, paymentMetrics]).nullable(),
  }),
});
export type ModelManifest = z.infer<typeof manifestSchema>;
