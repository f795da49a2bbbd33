/** One training run: split, fit, evaluate, export, verify, document. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { createHash } from 'node:crypto';
import {
  encodeFeatures,
  fitEncodings,
  NUMERIC_FEATURES,
  type CanonicalInvoice,
  type CategorySource,
  type FeatureEncoding,
} from '@dunwell/engine/features';
import { manifestSchema, OUTPUT_COLUMNS, type ModelManifest, type ModelName } from '@dunwell/engine/models';
import { initBackend } from './tf-backend';
import { buildExamples, splitOutOfTime, type Example } from './dataset';
import { fit, type Matrix } from './train';
import { predict, type NetWeights } from './network';
import { exportOnnx, INPUT_NAME, OUTPUT_NAMES } from './onnx-export';
import { evaluatePayment, evaluateRisk, reference, type Reference } from './evaluate';
import { reliability, rocCurve, type Interval } from './metrics';
import { chart } from './plots';
import { modelCard } from './card';

export const TRAINER_VERSION = 'dunwell-training 0.1.0';

export interface TrainOptions {
  cutoff: string | null;
  outDir: string;
  seed: number;
  refitAll: boolean;
  source: string;
  mapping: string;
  provenance: string;
  progress: (line: string) => void;
  maxEpochs?: number;
  /** Hidden units; by default chosen from the amount of training data. */
  hidden?: number;
  /** Networks averaged per model (default 5). */
  ensemble?: number;
  /** What loading the file found, for the card. */
  loading?: ModelManifest['data']['loading'];
}

export function toMatrix(examples: readonly Example[], encodings: readonly FeatureEncoding[]): Matrix {
  const width = encodings.length;
  const rows = new Float32Array(examples.length * width);
  examples.forEach((e, i) => rows.set(encodeFeatures(e.input, encodings).vector, i * width));
  return { rows, n: examples.length, width };
}

const intervals = (flat: Float32Array): Interval[] =>
  Array.from({ length: flat.length / 3 }, (_, i) => ({
    low: flat[i * 3]!,
    mid: flat[i * 3 + 1]!,
    high: flat[i * 3 + 2]!,
  }));

interface Variant {
  encodings: FeatureEncoding[];
  weights: NetWeights;
}

export async function trainModels(rows: CanonicalInvoice[], o: TrainOptions): Promise<string[]> {
  const backend = await initBackend();
  o.progress(`backend ${backend}; ${rows.length} invoices`);
  const examples = buildExamples(rows, { withDispute: true });
  const split = splitOutOfTime(examples, o.cutoff);
  if (split.train.length < 50 || split.validation.length < 10)
    throw new Error(
      `too few invoices settled before the cutoff to train on (${split.train.length + split.validation.length})`,
    );
  const ref = reference(split.train);
  const hasDisputes = rows.some((r) => r.disputed !== null);
  const numeric = NUMERIC_FEATURES.map((f) => f.name).filter(
    (n) => (n !== 'disputed' || hasDisputes) && (n !== 'paperless' || rows.some((r) => r.paperless !== null)),
  );
  const categories: CategorySource[] =
    new Set(rows.map((r) => r.currency)).size > 1 ? ['currency', 'dueWeekday'] : ['dueWeekday'];
  const hidden = o.hidden ?? (split.train.length >= 3000 ? 8 : 0);
  const reason =
    o.hidden !== undefined
      ? `Hidden layer size ${o.hidden} was chosen by the data scientist (--hidden).`
      : hidden > 0
        ? `Thousands of training invoices support one small hidden layer (${hidden} units), which lets account history and terms interact; L2 and early stopping keep it from memorising.`
        : 'With fewer than 3,000 training invoices a linear model (logistic regression / linear quantile regression) is what the data supports without overfitting.';
  const ensembleNote = ` The model averages ${o.ensemble ?? 5} such networks trained from consecutive seeds: on a few thousand invoices a single network's scores move with its seed, and the average does not.`;

  const fitVariant = (
    kind: 'risk' | 'payment-date',
    train: Example[],
    validation: Example[],
    features: string[],
  ): Variant => {
    const encodings = fitEncodings(
      train.map((e) => e.input),
      { numeric: features, categories },
    );
    const target = (list: Example[]) =>
      Float32Array.from(list, (e) => (kind === 'risk' ? (e.late ? 1 : 0) : e.daysToPay));
    const weights = fit(
      toMatrix(train, encodings),
      target(train),
      toMatrix(validation, encodings),
      target(validation),
      {
        kind,
        hidden,
        termsIndex: encodings.findIndex((e) => e.name === 'termsDays'),
        seed: o.seed,
        maxEpochs: o.maxEpochs,
        ensemble: o.ensemble ?? 5,
        onEpoch: (epoch, trainLoss, validationLoss) =>
          o.progress(
            `[${kind}] epoch ${epoch}: train loss ${trainLoss.toFixed(4)}, validation loss ${validationLoss.toFixed(4)}`,
          ),
      },
    );
    return { encodings, weights };
  };
  const score = (v: Variant, list: Example[]) => predict(v.weights, toMatrix(list, v.encodings).rows, list.length);
  const evaluate = (kind: ModelName, v: Variant, list: Example[]) =>
    list.length === 0
      ? null
      : kind === 'risk'
        ? evaluateRisk(list, score(v, list), ref)
        : evaluatePayment(list, intervals(score(v, list)), ref);

  const written: string[] = [];
  for (const kind of ['risk', 'payment-date'] as const) {
    const evaluated = fitVariant(kind, split.train, split.validation, numeric);
    const coldStart = split.test.filter((e) => e.input.history.settledCount === 0);
    const metrics = {
      test: evaluate(kind, evaluated, split.test),
      coldStart: coldStart.length >= 20 ? evaluate(kind, evaluated, coldStart) : null,
      withoutDispute:
        hasDisputes && split.test.length > 0
          ? evaluate(
              kind,
              fitVariant(
                kind,
                split.train,
                split.validation,
                numeric.filter((n) => n !== 'disputed'),
              ),
              split.test,
            )
          : null,
    };
    const final =
      o.refitAll && o.cutoff !== null
        ? (() => {
            const all = splitOutOfTime(examples, null);
            return fitVariant(kind, all.train, all.validation, numeric);
          })()
        : evaluated;
    written.push(
      await writeModel(kind, final, metrics, {
        rows,
        examples,
        split,
        ref,
        options: o,
        hidden,
        reason: reason + ensembleNote,
        evaluated,
      }),
    );
  }
  return written;
}

interface WriteContext {
  rows: CanonicalInvoice[];
  examples: Example[];
  split: ReturnType<typeof splitOutOfTime>;
  ref: Reference;
  options: TrainOptions;
  hidden: number;
  reason: string;
  evaluated: Variant;
}

async function writeModel(
  kind: ModelName,
  v: Variant,
  metrics: ModelManifest['metrics'],
  c: WriteContext,
): Promise<string> {
  const dir = join(c.options.outDir, kind);
  // Written beside the final folder and moved into place once complete: a failed run leaves no
  // half-written model where a finished one is expected.
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const written = await writeModelFiles(kind, v, metrics, c, partial);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    return `${kind}: ${dir} ${written}`;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** onnxruntime must reproduce TensorFlow.js within this (numpy's isclose: absolute + relative). */
export const ONNX_TOLERANCE = { absolute: 1e-5, relative: 1e-4 };

async function writeModelFiles(
  kind: ModelName,
  v: Variant,
  metrics: ModelManifest['metrics'],
  c: WriteContext,
  dir: string,
): Promise<string> {
  // The version names the data and every setting that shapes the model, so two different runs on
  // one day never share a version.
  const { cutoff, seed, refitAll, mapping, maxEpochs, hidden, ensemble } = c.options;
  const dataHash = createHash('sha256')
    .update(JSON.stringify(c.rows.map((r) => [r.invoiceId, r.settledDate])))
    .update(JSON.stringify({ cutoff, refitAll, mapping, maxEpochs, hidden, ensemble, trainer: TRAINER_VERSION }))
    .digest('hex')
    .slice(0, 8);
  const createdAt = new Date().toISOString();
  const version = `${createdAt.slice(0, 10).replace(/-/g, '')}-${dataHash}-s${seed}`;
  const onnxBytes = exportOnnx(v.weights, `Dunwell ${kind} model ${version}`);
  writeFileSync(join(dir, 'model.onnx'), onnxBytes);

  // The exported file must reproduce TensorFlow.js on the evaluation rows.
  const check = c.split.test.length > 0 ? c.split.test : c.split.validation;
  const matrix = toMatrix(check, v.encodings);
  const session = await ort.InferenceSession.create(onnxBytes);
  const result = await session.run({ [INPUT_NAME]: new ort.Tensor('float32', matrix.rows, [matrix.n, matrix.width]) });
  const onnxOut = result[OUTPUT_NAMES[kind]]!.data as Float32Array;
  const tfOut = predict(v.weights, matrix.rows, matrix.n);
  let maxDiff = 0;
  let worst = -1;
  onnxOut.forEach((value, i) => {
    const diff = Math.abs(value - tfOut[i]!);
    maxDiff = Math.max(maxDiff, diff);
    if (diff > ONNX_TOLERANCE.absolute + ONNX_TOLERANCE.relative * Math.abs(tfOut[i]!)) worst = i;
  });
  if (worst >= 0) {
    throw new Error(
      `${kind}: onnxruntime gives ${onnxOut[worst]} where TensorFlow.js gives ${tfOut[worst]} ` +
        `(more than ${ONNX_TOLERANCE.absolute} + ${ONNX_TOLERANCE.relative} × the value apart); no model was written`,
    );
  }

  const s = v.weights.scaling;
  const manifest: ModelManifest = manifestSchema.parse({
    name: kind,
    version,
    trainerVersion: TRAINER_VERSION,
    createdAt,
    onnxFile: 'model.onnx',
    input: {
      name: INPUT_NAME,
      description: 'float32 [batch, features]: the encoded features, in the order of `features`',
    },
    output: {
      name: OUTPUT_NAMES[kind],
      columns: [...OUTPUT_COLUMNS[kind === 'risk' ? 'risk' : 'payment-date']],
    },
    features: v.encodings.map((e, j) => ({
      ...e,
      min: s.min[j]!,
      max: s.max[j]!,
      mean: s.mean[j]!,
      std: s.std[j]!,
      description:
        e.kind === 'category'
          ? `1 when ${e.source} is ${e.value}`
          : NUMERIC_FEATURES.find((f) => f.name === e.name)!.description,
    })),
    architecture: {
      kind: `${c.hidden > 0 ? 'mlp' : 'linear'} ensemble of ${v.weights.members.length}`,
      hidden: c.hidden > 0 ? [c.hidden] : [],
      reason: c.reason,
    },
    data: {
      source: c.options.source,
      mapping: c.options.mapping,
      provenance: c.options.provenance,
      rows: c.examples.length,
      accounts: new Set(c.rows.map((r) => r.accountId)).size,
      issueDateRange: [
        c.examples.reduce((m, e) => (e.invoice.issueDate < m ? e.invoice.issueDate : m), '9999'),
        c.examples.reduce((m, e) => (e.invoice.issueDate > m ? e.invoice.issueDate : m), '0000'),
      ],
      lateRate: c.examples.filter((e) => e.late).length / c.examples.length,
      meanDaysToPay: c.examples.reduce((a, e) => a + e.daysToPay, 0) / c.examples.length,
      ...(c.options.loading ? { loading: c.options.loading } : {}),
    },
    split: {
      cutoff: c.options.cutoff,
      trainRows: c.split.train.length,
      validationRows: c.split.validation.length,
      testRows: c.split.test.length,
    },
    seed: c.options.seed,
    metrics,
  });
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const plots = writePlots(kind, dir, c);
  writeFileSync(join(dir, 'card.md'), modelCard(manifest, plots));
  const headline = metrics.test
    ? Object.entries(metrics.test)
        .filter(([k]) => k !== 'baselines' && k !== 'rows')
        .map(([k, val]) => `${k} ${(val as number).toFixed(3)}`)
        .join(', ')
    : 'no test set';
  return `(version ${version}; test: ${headline}; onnx vs tfjs max diff ${maxDiff.toExponential(1)})`;
}

/** Plots of the evaluated (pre-refit) model on the test set. */
function writePlots(kind: ModelName, dir: string, c: WriteContext): string[] {
  const test = c.split.test;
  if (test.length === 0) return [];
  const out = predict(c.evaluated.weights, toMatrix(test, c.evaluated.encodings).rows, test.length);
  const files: Array<[string, string]> = [];
  if (kind === 'risk') {
    const y = test.map((e) => e.late);
    const bins = reliability(out, y);
    files.push([
      'reliability.svg',
      chart({
        title: 'Reliability: predicted vs observed late rate',
        xLabel: 'predicted probability of paying late',
        yLabel: 'observed share paid late',
        x: [0, 1],
        y: [0, 1],
        series: [
          {
            label: 'perfect calibration',
            points: [
              [0, 0],
              [1, 1],
            ],
            style: 'line',
            color: '#bbb',
          },
          {
            label: 'this model (deciles)',
            points: bins.map((b) => [b.predicted, b.observed]),
            style: 'line',
            color: '#d62728',
          },
        ],
      }),
    ]);
    files.push([
      'roc.svg',
      chart({
        title: 'ROC curve',
        xLabel: 'false positive rate',
        yLabel: 'true positive rate',
        x: [0, 1],
        y: [0, 1],
        series: [
          {
            label: 'chance',
            points: [
              [0, 0],
              [1, 1],
            ],
            style: 'line',
            color: '#bbb',
          },
          {
            label: 'this model',
            points: rocCurve(out, y)
              .filter((_, i, a) => i % Math.ceil(a.length / 400) === 0 || i === a.length - 1)
              .map((p) => [p.fpr, p.tpr]),
            style: 'line',
            color: '#1f77b4',
          },
        ],
      }),
    ]);
  } else {
    const pred = intervals(out);
    const actual = test.map((e) => e.daysToPay);
    const hi = Math.max(...actual, ...pred.map((p) => p.high));
    const lo = Math.min(0, ...pred.map((p) => p.low));
    const sample = test.map((_, i) => i).filter((i) => i % Math.ceil(test.length / 600) === 0);
    files.push([
      'predicted-vs-actual.svg',
      chart({
        title: 'Predicted (P50) vs actual days to pay',
        xLabel: 'predicted days from issue',
        yLabel: 'actual days from issue',
        x: [lo, hi],
        y: [lo, hi],
        series: [
          {
            label: 'perfect',
            points: [
              [lo, lo],
              [hi, hi],
            ],
            style: 'line',
            color: '#bbb',
          },
          { label: 'invoices', points: sample.map((i) => [pred[i]!.mid, actual[i]!]), style: 'dots', color: '#1f77b4' },
        ],
      }),
    ]);
    const ordered = sample.sort((a, b) => pred[a]!.mid - pred[b]!.mid);
    files.push([
      'interval-coverage.svg',
      chart({
        title: 'P10-P90 intervals (bars) and actual payment (dots)',
        xLabel: 'invoices ordered by predicted P50',
        yLabel: 'days from issue',
        x: [0, ordered.length],
        y: [lo, hi],
        intervals: ordered.map((i, k) => [k, pred[i]!.low, pred[i]!.high]),
        series: [{ label: 'actual', points: ordered.map((i, k) => [k, actual[i]!]), style: 'dots', color: '#d62728' }],
      }),
    ]);
  }
  for (const [name, svg] of files) writeFileSync(join(dir, name), svg);
  return files.map(([name]) => name);
}
