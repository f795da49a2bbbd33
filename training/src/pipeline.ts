/**
 * One training run: examples at several as-of days per invoice, split out of time, fit,
 * evaluate at each point, export, verify, document.
 */
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
import {
  EVALUATION_POINTS,
  type EvaluationPoint,
  manifestSchema,
  MODEL_NAMES,
  OUTPUT_COLUMNS,
  type ModelManifest,
  type ModelName,
  type PointMetrics,
} from '@dunwell/engine/models';
import { initBackend } from './tf-backend';
import {
  atPoint,
  buildExamples,
  dunningSummary,
  holdOutSettled,
  paidOnly,
  splitOutOfTime,
  type Example,
  type LedgerDetail,
  type Split,
} from './dataset';
import { fit, fitScaling, type Matrix, type Target } from './train';
import { predict, type NetWeights, type Scaling } from './network';
import { fitBoosted, inputsRead, predictBoosted, type BoostedModel } from './boosting';
import { exportBoosted, exportOnnx, INPUT_NAME, OUTPUT_NAMES } from './onnx-export';
import { evaluateAtPoints, type Scorer } from './evaluate';
import { reliability, rocCurve, type Interval } from './metrics';
import { chart } from './plots';
import { modelCard } from './card';

export const TRAINER_VERSION = 'dunwell-training 0.4.0';

export interface TrainOptions {
  cutoff: string | null;
  outDir: string;
  seed: number;
  refitAll: boolean;
  source: string;
  mapping: string;
  provenance: string;
  /** How far the run is: networks trained of those to train, and what is happening now. */
  progress: (done: number, total: number, note: string) => void;
  maxEpochs?: number;
  /** Hidden units; by default chosen from the amount of training data. */
  hidden?: number;
  /** Networks averaged per model (default 5). */
  ensemble?: number;
  /** The learner: networks, boosted trees, or whichever does better on the validation slice (default). */
  learner?: LearnerChoice;
  /** What loading the file found, for the card. */
  loading?: ModelManifest['data']['loading'];
  /** What the engine's ledger adds to the rows (--from-store): the dunning features learn from it. */
  ledger?: LedgerDetail;
}

/** One model written: where, which version, its manifest, and how closely onnxruntime reproduced it. */
export interface WrittenModel {
  kind: ModelName;
  dir: string;
  version: string;
  manifest: ModelManifest;
  onnxMaxDiff: number;
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

export const LEARNERS = ['network', 'trees'] as const;
export type LearnerName = (typeof LEARNERS)[number];
export type LearnerChoice = LearnerName | 'best';

type Learner = { kind: 'network'; weights: NetWeights } | { kind: 'trees'; model: BoostedModel };

const predictWith = (l: Learner, rows: Float32Array, n: number) =>
  l.kind === 'network' ? predict(l.weights, rows, n) : predictBoosted(l.model, rows, n);
const exportWith = (l: Learner, docString: string) =>
  l.kind === 'network' ? exportOnnx(l.weights, docString) : exportBoosted(l.model, docString);

interface Variant {
  encodings: FeatureEncoding[];
  learner: Learner;
  /** The training range of each input, for the manifest (clipping, warnings, explanations). */
  scaling: Scaling;
}

/**
 * What picks the learner, on the validation slice: the mean weighted log loss of both
 * probabilities where their labels are known (risk), or the MAE of the P50 in days (payment date,
 * whose examples are all paid).
 */
function validationScore(kind: ModelName, v: Variant, list: readonly Example[]): number {
  const out = predictWith(v.learner, toMatrix(list, v.encodings).rows, list.length);
  if (kind === 'payment-date')
    return list.reduce((a, e, i) => a + Math.abs(out[i * 3 + 1]! - e.daysToPay!), 0) / list.length;
  const loss = (p: number, y: boolean) => -Math.log(Math.min(1 - 1e-7, Math.max(1e-7, y ? p : 1 - p)));
  const beforeDue = list.flatMap((e, i) => (e.beforeDue && e.late !== null ? [loss(out[i * 2]!, e.late)] : []));
  const within = list.flatMap((e, i) => (e.within30 !== null ? [loss(out[i * 2 + 1]!, e.within30)] : []));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return (mean(beforeDue) + mean(within)) / 2;
}

/**
 * Risk: [late, within 30 days] per example, each weighted 1 where its label was known (lateness
 * only while the due date is ahead); payment date: the pay day of paid examples (learningSet).
 */
const TREE_DEPTH = 3;
const TREES_REASON = `Boosted trees of depth ${TREE_DEPTH} at most, on up to 64 quantile bins per input, with early stopping on the validation slice: trees split where the data changes (the due date, a history of late payment) without a hidden layer having to learn it.`;

export function targetOf(kind: ModelName, list: readonly Example[]): Target {
  if (kind === 'payment-date') {
    const paid = paidOnly(list);
    if (paid.length !== list.length) throw new Error('the payment-date model learns from paid examples only');
    return { values: Float32Array.from(paid, (e) => e.daysToPay) };
  }
  return {
    values: Float32Array.from(list.flatMap((e) => [e.late ? 1 : 0, e.within30 ? 1 : 0])),
    weights: Float32Array.from(
      list.flatMap((e) => [e.beforeDue && e.late !== null ? 1 : 0, e.within30 === null ? 0 : 1]),
    ),
  };
}

/**
 * What a model learns from: the risk model every example (a label not yet known weighs nothing);
 * the payment-date model the paid ones, validated on settled invoices (holdOutSettled).
 */
export const learningSet = (kind: ModelName, split: Omit<Split, 'test'>): Omit<Split, 'test'> =>
  kind === 'payment-date' ? holdOutSettled(paidOnly([...split.train, ...split.validation])) : split;

const invoiceCount = (list: readonly Example[]) => new Set(list.map((e) => e.invoice.invoiceId)).size;

export async function trainModels(rows: CanonicalInvoice[], o: TrainOptions): Promise<WrittenModel[]> {
  const backend = await initBackend();
  const examples = buildExamples(rows, { withDispute: true, ledger: o.ledger });
  const split = splitOutOfTime(examples, o.cutoff);
  const trainInvoices = invoiceCount(split.train);
  if (trainInvoices + invoiceCount(split.validation) < 60)
    throw new Error(
      `too few invoices issued before the cutoff to train on (${trainInvoices + invoiceCount(split.validation)}; at least 60)`,
    );
  const hasDisputes =
    rows.some((r) => r.disputed !== null) || [...(o.ledger?.records.values() ?? [])].some((r) => r.disputes.length > 0);
  const numeric = NUMERIC_FEATURES.filter((f) => !f.fromDunning || o.ledger !== undefined)
    .map((f) => f.name)
    .filter((n) => (n !== 'disputed' || hasDisputes) && (n !== 'paperless' || rows.some((r) => r.paperless !== null)));
  const categories: CategorySource[] =
    new Set(rows.map((r) => r.currency)).size > 1 ? ['currency', 'dueWeekday'] : ['dueWeekday'];
  const hidden = o.hidden ?? (split.train.length >= 3000 ? 8 : 0);
  const reason =
    o.hidden !== undefined
      ? `Hidden layer size ${o.hidden} was chosen by the data scientist (--hidden).`
      : hidden > 0
        ? `Thousands of training examples support one small hidden layer (${hidden} units), which lets account history, terms and how long the invoice has been open interact; L2 and early stopping keep it from memorising.`
        : 'With fewer than 3,000 training examples a linear model (logistic regression / linear quantile regression) is what the data supports without overfitting.';
  const ensemble = o.ensemble ?? 5;
  const ensembleNote = ` The model averages ${ensemble} such networks trained from consecutive seeds: on a few thousand invoices a single network's scores move with its seed, and the average does not.`;

  const candidates: LearnerName[] = o.learner === undefined || o.learner === 'best' ? [...LEARNERS] : [o.learner];
  // Fits per model: each candidate, the chosen one without the dispute flag, and the refit.
  const fitsPerModel =
    candidates.length + (hasDisputes && split.test.length > 0 ? 1 : 0) + (o.refitAll && o.cutoff !== null ? 1 : 0);
  const total = 2 * fitsPerModel;
  let done = 0;
  o.progress(
    0,
    total,
    `backend ${backend}; ${rows.length} invoices, ${examples.length} as-of examples (${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test)`,
  );

  const fitVariant = (
    kind: ModelName,
    learner: LearnerName,
    train: Example[],
    validation: Example[],
    features: string[],
    label: string,
  ): Variant => {
    const encodings = fitEncodings(
      train.map((e) => e.input),
      { numeric: features, categories },
    );
    const [trainMatrix, validationMatrix] = [toMatrix(train, encodings), toMatrix(validation, encodings)];
    const columns = {
      termsIndex: encodings.findIndex((e) => e.name === 'termsDays'),
      openIndex: encodings.findIndex((e) => e.name === 'daysOpen'),
    };
    const what = `${kind}${label}, ${learner === 'network' ? `${ensemble} networks` : 'boosted trees'}`;
    const fitted: Learner =
      learner === 'network'
        ? {
            kind: 'network',
            weights: fit(trainMatrix, targetOf(kind, train), validationMatrix, targetOf(kind, validation), {
              kind,
              hidden,
              ...columns,
              seed: o.seed,
              maxEpochs: o.maxEpochs,
              ensemble,
              onEpoch: (member, epoch, trainLoss, validationLoss) =>
                o.progress(
                  done,
                  total,
                  `${what}: network ${member + 1} epoch ${epoch}, train loss ${trainLoss.toFixed(4)}, validation loss ${validationLoss.toFixed(4)}`,
                ),
            }),
          }
        : {
            kind: 'trees',
            model: fitBoosted(trainMatrix, targetOf(kind, train), validationMatrix, targetOf(kind, validation), {
              kind,
              ...columns,
              depth: TREE_DEPTH,
              maxRounds: o.maxEpochs === undefined ? undefined : o.maxEpochs * 5,
              onRound: (output, round, validationLoss) =>
                o.progress(
                  done,
                  total,
                  `${what}: output ${output + 1} round ${round}, validation loss ${validationLoss.toFixed(4)}`,
                ),
            }),
          };
    done++;
    o.progress(done, total, `${what}: fitted`);
    return { encodings, learner: fitted, scaling: fitScaling(trainMatrix) };
  };
  const scorer =
    (kind: ModelName, v: Variant): Scorer =>
    (list) => {
      const out = predictWith(v.learner, toMatrix(list, v.encodings).rows, list.length);
      return kind === 'risk' ? { probabilities: out } : { payDays: intervals(out) };
    };
  const headline = (points: PointMetrics[], slice: 'all' | 'coldStart') => {
    const issue = points.find((p) => p.point === 'issue');
    const at = slice === 'all' ? issue : issue?.coldStart;
    return at?.lateProbability ?? at?.remainingDays ?? null;
  };

  const createdAt = new Date().toISOString();
  const run = { version: modelVersion(rows, o, createdAt), createdAt, staged: [] as WriteContext['staged'] };
  const written: WrittenModel[] = [];
  try {
    for (const kind of MODEL_NAMES) written.push(await trainOne(kind));
  } catch (error) {
    // A failed run leaves no half-written model and no new model beside an old one of the other kind.
    for (const { partial } of run.staged) rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  for (const { partial, dir } of run.staged) {
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  }
  return written;

  async function trainOne(kind: ModelName): Promise<WrittenModel> {
    const learning = learningSet(kind, split);
    // Early stopping and calibration need outcomes: the newest invoices may have none yet.
    const validating = invoiceCount(
      learning.validation.filter((e) => kind === 'payment-date' || e.late !== null || e.within30 !== null),
    );
    if (validating < 10)
      throw new Error(
        `${kind}: only ${validating} invoices to validate on (${kind === 'risk' ? 'of the newest 15% issued before the cutoff, those with an outcome decided by it' : 'paid ones issued early enough for nine in ten to be paid'}); at least 10 are needed: ${o.cutoff === null ? 'train on more data' : `choose a later cutoff than ${o.cutoff}`}`,
      );
    const fitted = candidates.map((learner) =>
      fitVariant(kind, learner, learning.train, learning.validation, numeric, ''),
    );
    const scores = fitted.map((v) => validationScore(kind, v, learning.validation));
    const chosen = scores.indexOf(Math.min(...scores));
    const evaluated = fitted[chosen]!;
    const learner = candidates[chosen]!;
    const metric = kind === 'risk' ? 'log loss' : 'MAE of the P50 in days';
    const choice =
      candidates.length > 1
        ? ` Chosen over ${candidates.filter((_, k) => k !== chosen).join(', ')} on the validation slice: ${metric} ${scores[chosen]!.toFixed(4)} against ${scores
            .filter((_, k) => k !== chosen)
            .map((x) => x.toFixed(4))
            .join(', ')}.`
        : '';
    const asOf = evaluateAtPoints(learning.train, split.test, scorer(kind, evaluated), o.seed);
    const withoutDispute =
      hasDisputes && split.test.length > 0
        ? evaluateAtPoints(
            learning.train,
            split.test.filter((e) => e.point === 'issue'),
            scorer(
              kind,
              fitVariant(
                kind,
                learner,
                learning.train,
                learning.validation,
                numeric.filter((n) => n !== 'disputed'),
                ' without the dispute flag',
              ),
            ),
            o.seed,
          )
        : [];
    const metrics: ModelManifest['metrics'] = {
      test: headline(asOf, 'all'),
      coldStart: headline(asOf, 'coldStart'),
      withoutDispute: headline(withoutDispute, 'all'),
      asOf,
    };
    const final =
      o.refitAll && o.cutoff !== null
        ? (() => {
            const all = learningSet(kind, splitOutOfTime(examples, null));
            return fitVariant(kind, learner, all.train, all.validation, numeric, ' on every invoice');
          })()
        : evaluated;
    return writeModel(kind, final, metrics, {
      ...run,
      rows,
      examples,
      split: { ...split, ...learning },
      options: o,
      hidden,
      reason: (learner === 'network' ? reason + ensembleNote : TREES_REASON) + choice,
      evaluated,
    });
  }
}

interface WriteContext {
  version: string;
  createdAt: string;
  /** Model folders written so far, to be moved into place together once every model is written. */
  staged: Array<{ partial: string; dir: string }>;
  rows: CanonicalInvoice[];
  examples: Example[];
  split: ReturnType<typeof splitOutOfTime>;
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
): Promise<WrittenModel> {
  const dir = join(c.options.outDir, kind);
  // Written beside the final folder; trainModels moves every model into place once all are written.
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  c.staged.push({ partial, dir });
  const written = await writeModelFiles(kind, v, metrics, c, partial);
  return { kind, dir, ...written };
}

/**
 * The version of a run's models: its day, a hash of every field of every row and of every setting
 * that shapes a model, and the seed. Two runs on one day share a version only if they trained on
 * the same data the same way.
 */
export function modelVersion(rows: readonly CanonicalInvoice[], o: TrainOptions, createdAt: string): string {
  const { cutoff, seed, refitAll, mapping, maxEpochs, hidden, ensemble, learner } = o;
  const hash = createHash('sha256')
    .update(JSON.stringify(rows))
    .update(JSON.stringify(o.ledger ? [[...o.ledger.records], [...o.ledger.accounts]] : null))
    .update(
      JSON.stringify({ cutoff, refitAll, mapping, maxEpochs, hidden, ensemble, learner, trainer: TRAINER_VERSION }),
    )
    .digest('hex')
    .slice(0, 8);
  return `${createdAt.slice(0, 10).replace(/-/g, '')}-${hash}-s${seed}`;
}

/** onnxruntime must reproduce the trained model within this (numpy's isclose: absolute + relative). */
export const ONNX_TOLERANCE = { absolute: 1e-5, relative: 1e-4 };

async function writeModelFiles(
  kind: ModelName,
  v: Variant,
  metrics: ModelManifest['metrics'],
  c: WriteContext,
  dir: string,
): Promise<Omit<WrittenModel, 'kind' | 'dir'>> {
  const { version, createdAt } = c;
  const atIssue = atPoint(c.examples, 'issue');
  const paidAtIssue = paidOnly(atIssue);
  const onnxBytes = exportWith(v.learner, `Dunwell ${kind} model ${version}`);
  writeFileSync(join(dir, 'model.onnx'), onnxBytes);

  // The exported file must reproduce the trained model (TensorFlow.js, or the trees in TypeScript) on the evaluation rows.
  const check = c.split.test.length > 0 ? c.split.test : c.split.validation;
  const matrix = toMatrix(check, v.encodings);
  const session = await ort.InferenceSession.create(onnxBytes);
  const result = await session.run({ [INPUT_NAME]: new ort.Tensor('float32', matrix.rows, [matrix.n, matrix.width]) });
  const onnxOut = result[OUTPUT_NAMES[kind]]!.data as Float32Array;
  const tfOut = predictWith(v.learner, matrix.rows, matrix.n);
  let maxDiff = 0;
  let worst = -1;
  onnxOut.forEach((value, i) => {
    const diff = Math.abs(value - tfOut[i]!);
    maxDiff = Math.max(maxDiff, diff);
    if (diff > ONNX_TOLERANCE.absolute + ONNX_TOLERANCE.relative * Math.abs(tfOut[i]!)) worst = i;
  });
  if (worst >= 0) {
    throw new Error(
      `${kind}: onnxruntime gives ${onnxOut[worst]} where the trained model gives ${tfOut[worst]} ` +
        `(more than ${ONNX_TOLERANCE.absolute} + ${ONNX_TOLERANCE.relative} × the value apart); no model was written`,
    );
  }

  const s = v.scaling;
  // A network reads every input; trees only those they split on (and the days open and terms).
  const read = v.learner.kind === 'trees' ? inputsRead(v.learner.model) : null;
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
      informative: s.min[j]! !== s.max[j]! && (read === null || read.has(j)),
      description:
        e.kind === 'category'
          ? `1 when ${e.source} is ${e.value}`
          : NUMERIC_FEATURES.find((f) => f.name === e.name)!.description,
    })),
    architecture:
      v.learner.kind === 'network'
        ? {
            kind: `${c.hidden > 0 ? 'mlp' : 'linear'} ensemble of ${v.learner.weights.members.length}`,
            hidden: c.hidden > 0 ? [c.hidden] : [],
            reason: c.reason,
          }
        : {
            kind: `gradient-boosted trees (${v.learner.model.trees.length} trees of depth ${TREE_DEPTH} at most)`,
            hidden: [],
            reason: c.reason,
          },
    data: {
      source: c.options.source,
      mapping: c.options.mapping,
      provenance: c.options.provenance,
      rows: atIssue.length,
      accounts: new Set(c.rows.map((r) => r.accountId)).size,
      issueDateRange: [
        atIssue.reduce((m, e) => (e.invoice.issueDate < m ? e.invoice.issueDate : m), '9999'),
        atIssue.reduce((m, e) => (e.invoice.issueDate > m ? e.invoice.issueDate : m), '0000'),
      ],
      lateRate: paidAtIssue.filter((e) => e.late).length / paidAtIssue.length,
      meanDaysToPay: paidAtIssue.reduce((a, e) => a + e.daysToPay, 0) / paidAtIssue.length,
      currencies: [...new Set(c.rows.map((r) => r.currency))].sort(),
      examples: c.examples.length,
      ...(c.options.loading ? { loading: c.options.loading } : {}),
      ...(c.options.ledger ? { dunning: dunningSummary(c.options.ledger.records) } : {}),
    },
    split: {
      cutoff: c.options.cutoff,
      trainRows: atPoint(c.split.train, 'issue').length,
      validationRows: atPoint(c.split.validation, 'issue').length,
      testRows: atPoint(c.split.test, 'issue').length,
    },
    seed: c.options.seed,
    metrics,
  });
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const plots = writePlots(kind, dir, c);
  if (c.split.test.length > 0) writeFileSync(join(dir, PREDICTIONS_FILE), predictionsCsv(kind, c));
  writeFileSync(join(dir, 'card.md'), modelCard(manifest, plots, c.split.test.length > 0 ? PREDICTIONS_FILE : null));
  return { version, manifest, onnxMaxDiff: maxDiff };
}

export const PREDICTIONS_FILE = 'test-predictions.csv';

/** The evaluated model's scores on every test example, beside what happened, for a data scientist to analyse. */
function predictionsCsv(kind: ModelName, c: WriteContext): string {
  const test = c.split.test;
  const out = predictWith(c.evaluated.learner, toMatrix(test, c.evaluated.encodings).rows, test.length);
  const columns = OUTPUT_COLUMNS[kind];
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const header = [
    'invoiceId',
    'accountId',
    'point',
    'asOf',
    'issueDate',
    'dueDate',
    'paidDate',
    'daysToPay',
    'late',
    'paidWithin30',
    ...columns,
  ];
  const lines = test.map((e, i) =>
    [
      quote(e.invoice.invoiceId),
      quote(e.invoice.accountId),
      e.point,
      e.asOf,
      e.invoice.issueDate,
      e.invoice.dueDate,
      e.invoice.settledDate ?? '',
      e.daysToPay === null ? '' : String(e.daysToPay),
      e.late === null ? '' : e.late ? '1' : '0',
      e.within30 === null ? '' : e.within30 ? '1' : '0',
      ...columns.map((_, k) => String(out[i * columns.length + k])),
    ].join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

const POINT_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];
const diagonal = (lo: number, hi: number, label: string) => ({
  label,
  points: [
    [lo, lo],
    [hi, hi],
  ] as Array<[number, number]>,
  style: 'line' as const,
  color: '#bbb',
});

/** Plots of the evaluated (pre-refit) model on the test set, per evaluation point. */
function writePlots(kind: ModelName, dir: string, c: WriteContext): string[] {
  const score = (list: readonly Example[]) =>
    predictWith(c.evaluated.learner, toMatrix(list, c.evaluated.encodings).rows, list.length);
  const files: Array<[string, string]> = [];
  // Each point keeps its colour in every chart.
  const color = (point: EvaluationPoint) => POINT_COLORS[EVALUATION_POINTS.indexOf(point)]!;
  if (kind === 'risk') {
    // As the metrics: at each point, the test invoices whose outcome was known (late, or not paid within 30 days, counts too).
    const labelled = (k: 0 | 1, points: readonly EvaluationPoint[]) =>
      points
        .map((point) => ({
          point,
          test: atPoint(c.split.test, point).filter((e) => (k === 0 ? e.late : e.within30) !== null),
        }))
        .filter((p) => p.test.length >= 20)
        .map((p) => {
          const out = score(p.test);
          return {
            ...p,
            y: p.test.map((e) => (k === 0 ? e.late : e.within30)!),
            p: Array.from({ length: p.test.length }, (_, i) => out[i * 2 + k]!),
          };
        });
    const reliabilityChart = (title: string, label: string, which: ReturnType<typeof labelled>) =>
      chart({
        title,
        xLabel: `predicted probability of ${label}`,
        yLabel: `observed share ${label}`,
        x: [0, 1],
        y: [0, 1],
        series: [
          diagonal(0, 1, 'perfect calibration'),
          ...which.map((p) => ({
            label: `open at ${p.point} (${p.test.length})`,
            points: reliability(p.p, p.y).map((b): [number, number] => [b.predicted, b.observed]),
            style: 'line' as const,
            color: color(p.point),
          })),
        ],
      });
    const late = labelled(0, ['issue', 'due']);
    const within = labelled(1, EVALUATION_POINTS);
    if (late.length > 0)
      files.push(['reliability.svg', reliabilityChart('Reliability: paid after the due date', 'paying late', late)]);
    if (within.length > 0) {
      files.push([
        'reliability-within30.svg',
        reliabilityChart('Reliability: paid within 30 days', 'paying within 30 days', within),
      ]);
      files.push([
        'roc.svg',
        chart({
          title: 'ROC curve: paid within 30 days',
          xLabel: 'false positive rate',
          yLabel: 'true positive rate',
          x: [0, 1],
          y: [0, 1],
          series: [
            diagonal(0, 1, 'chance'),
            ...within.map((p) => ({
              label: `open at ${p.point}`,
              points: rocCurve(p.p, p.y)
                .filter((_, j, a) => j % Math.ceil(a.length / 300) === 0 || j === a.length - 1)
                .map((q): [number, number] => [q.fpr, q.tpr]),
              style: 'line' as const,
              color: color(p.point),
            })),
          ],
        }),
      ]);
    }
  } else {
    // On the test invoices paid by the end of the data, whose pay day is known.
    const points = EVALUATION_POINTS.map((point) => ({ point, test: paidOnly(atPoint(c.split.test, point)) })).filter(
      (p) => p.test.length >= 20,
    );
    if (points.length === 0) return [];
    const scored = points.map((p) => ({ ...p, pred: intervals(score(p.test)) }));
    const remaining = scored.flatMap((p) =>
      p.test.map((e, j) => ({ point: p.point, predicted: p.pred[j]!.mid - e.daysOpen, actual: e.remainingDays })),
    );
    const hi = Math.max(...remaining.map((r) => Math.max(r.actual, r.predicted)));
    files.push([
      'predicted-vs-actual.svg',
      chart({
        title: 'Predicted (P50) vs actual days left to payment',
        xLabel: 'predicted days from the point',
        yLabel: 'actual days from the point',
        x: [0, hi],
        y: [0, hi],
        series: [
          diagonal(0, hi, 'perfect'),
          ...scored.map((p) => ({
            label: `open at ${p.point}`,
            points: remaining
              .filter((r) => r.point === p.point)
              .filter((_, j, a) => j % Math.ceil(a.length / 300) === 0)
              .map((r): [number, number] => [r.predicted, r.actual]),
            style: 'dots' as const,
            color: color(p.point),
          })),
        ],
      }),
    ]);
    const issue = scored[0]!;
    const sample = issue.test.map((_, i) => i).filter((i) => i % Math.ceil(issue.test.length / 600) === 0);
    const ordered = sample.sort((a, b) => issue.pred[a]!.mid - issue.pred[b]!.mid);
    const top = Math.max(...ordered.map((i) => Math.max(issue.pred[i]!.high, issue.test[i]!.daysToPay)));
    files.push([
      'interval-coverage.svg',
      chart({
        title: `P10-P90 intervals (bars) and actual payment (dots), open at ${issue.point}`,
        xLabel: 'invoices ordered by predicted P50',
        yLabel: 'days from issue',
        x: [0, ordered.length],
        y: [0, top],
        intervals: ordered.map((i, k) => [k, issue.pred[i]!.low, issue.pred[i]!.high]),
        series: [
          {
            label: 'actual',
            points: ordered.map((i, k) => [k, issue.test[i]!.daysToPay]),
            style: 'dots',
            color: '#d62728',
          },
        ],
      }),
    ]);
  }
  for (const [name, svg] of files) writeFileSync(join(dir, name), svg);
  return files.map(([name]) => name);
}
