/**
 * The exported ONNX graph is the network: onnxruntime-node and onnxruntime-web (wasm) give
 * TensorFlow.js's predictions on the whole out-of-time test set (every invoice at every
 * as-of day it was open), for both models, with and without a hidden layer. The graph knows
 * the invoice is open: no pay day before asOf, lateness certain once past due. The file uses
 * an IR version and opset both runtimes support. The same for boosted trees.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import onnxProto from 'onnx-proto';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitEncodings, NUMERIC_FEATURES, type FeatureEncoding } from '@dunwell/engine/features';
import { generatePortfolio } from '@dunwell/engine/ledger';
import { buildExamples, splitOutOfTime, type Split } from './dataset';
import { predict, type ModelKind, type NetWeights } from './network';
import { fitBoosted, predictBoosted, type BoostedModel } from './boosting';
import { exportBoosted, exportOnnx, INPUT_NAME, OUTPUT_NAMES } from './onnx-export';
import { learningSet, targetOf, toMatrix } from './pipeline';
import { initBackend } from './tf-backend';
import { fit, type Matrix } from './train';

const MAX_IR_VERSION = 13;
const MAX_OPSET = 26;
const MAX_ML_OPSET = 5;

ortWeb.env.wasm.numThreads = 1;
const require = createRequire(import.meta.url);
ortWeb.env.wasm.wasmPaths = `${pathToFileURL(dirname(require.resolve('onnxruntime-web'))).href}/`;

let split: Split;
let encodings: FeatureEncoding[];
let test: Matrix;

const target = targetOf;
const columns = () => ({
  termsIndex: encodings.findIndex((e) => e.name === 'termsDays'),
  openIndex: encodings.findIndex((e) => e.name === 'daysOpen'),
});

beforeAll(async () => {
  await initBackend();
  const rows = generatePortfolio({ invoices: 3_000, seed: 2024 });
  const examples = buildExamples(rows, { withDispute: true });
  const issued = examples.map((e) => e.invoice.issueDate).sort();
  split = splitOutOfTime(examples, issued[Math.floor(issued.length * 0.8)]!);
  encodings = fitEncodings(
    split.train.map((e) => e.input),
    { numeric: NUMERIC_FEATURES.map((f) => f.name), categories: ['currency', 'dueWeekday'] },
  );
  test = toMatrix(split.test, encodings);
});

async function runNode(bytes: Uint8Array, kind: ModelKind, m: Matrix): Promise<Float32Array> {
  const session = await ortNode.InferenceSession.create(bytes);
  const out = await session.run({ [INPUT_NAME]: new ortNode.Tensor('float32', m.rows, [m.n, m.width]) });
  await session.release();
  return out[OUTPUT_NAMES[kind]]!.data as Float32Array;
}

async function runWeb(bytes: Uint8Array, kind: ModelKind, m: Matrix): Promise<Float32Array> {
  const session = await ortWeb.InferenceSession.create(bytes);
  const out = await session.run({ [INPUT_NAME]: new ortWeb.Tensor('float32', m.rows, [m.n, m.width]) });
  await session.release();
  return out[OUTPUT_NAMES[kind]]!.data as Float32Array;
}

/** Largest difference: absolute for probabilities, relative (to at least one day) for days. */
function maxDiff(kind: ModelKind, actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!) / (kind === 'risk' ? 1 : Math.max(1, Math.abs(expected[i]!)));
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}

describe.each([
  { kind: 'risk' as const, hidden: 16 },
  { kind: 'payment-date' as const, hidden: 16 },
  { kind: 'risk' as const, hidden: 0 },
  { kind: 'payment-date' as const, hidden: 0 },
])('$kind model, hidden $hidden', ({ kind, hidden }) => {
  let weights: NetWeights;
  let bytes: Uint8Array;
  let tfOut: Float32Array;

  beforeAll(() => {
    const learning = learningSet(kind, split);
    const train = toMatrix(learning.train, encodings);
    const validation = toMatrix(learning.validation, encodings);
    weights = fit(train, target(kind, learning.train), validation, target(kind, learning.validation), {
      kind,
      hidden,
      ...columns(),
      seed: 9,
      maxEpochs: 12,
      ensemble: 3,
    });
    bytes = exportOnnx(weights, `fidelity test ${kind}`);
    tfOut = predict(weights, test.rows, test.n);
  });

  it('is tested on a real out-of-time test set that leaves the training range', () => {
    expect(test.n).toBeGreaterThan(300);
    expect(tfOut).toHaveLength(test.n * (kind === 'risk' ? 2 : 3));
    expect(new Set(split.test.map((e) => e.point)).size).toBeGreaterThan(4);
    // Some test inputs lie outside the training range, so the clipping is exercised too.
    let outside = 0;
    for (let i = 0; i < test.n; i++) {
      for (let j = 0; j < test.width; j++) {
        const v = test.rows[i * test.width + j]!;
        if (v < weights.scaling.min[j]! || v > weights.scaling.max[j]!) outside += 1;
      }
    }
    expect(outside).toBeGreaterThan(0);
    expect(new Set(Array.from(tfOut, (v) => v.toFixed(4))).size).toBeGreaterThan(20);
  });

  it('onnxruntime-node reproduces TensorFlow.js on the whole test set', async () => {
    const onnxOut = await runNode(bytes, kind, test);
    expect(maxDiff(kind, onnxOut, tfOut)).toBeLessThanOrEqual(1e-5);
    if (kind === 'risk') expect(onnxOut.every((p) => p >= 0 && p <= 1)).toBe(true);
    else
      for (let i = 0; i < test.n; i++)
        expect(onnxOut[i * 3]! <= onnxOut[i * 3 + 1]! && onnxOut[i * 3 + 1]! <= onnxOut[i * 3 + 2]!).toBe(true);
  });

  it('knows the invoice is open at asOf', async () => {
    const onnxOut = await runNode(bytes, kind, test);
    split.test.forEach((e, i) => {
      if (kind === 'payment-date') expect(onnxOut[i * 3]!).toBeGreaterThanOrEqual(e.daysOpen);
      else if (!e.beforeDue) expect(onnxOut[i * 2]).toBe(1);
      else expect(onnxOut[i * 2]!).toBeLessThan(1);
    });
    expect(split.test.some((e) => !e.beforeDue)).toBe(true);
  });

  it('onnxruntime-web (wasm) loads the same file and gives the same outputs', async () => {
    const webOut = await runWeb(bytes, kind, test);
    expect(maxDiff(kind, webOut, tfOut)).toBeLessThanOrEqual(1e-5);
  });

  it('declares an IR version and opset both runtimes support, and the expected input and output', () => {
    const model = onnxProto.onnx.ModelProto.decode(bytes);
    const ir = Number(model.irVersion);
    expect(ir).toBeGreaterThanOrEqual(3);
    expect(ir).toBeLessThanOrEqual(MAX_IR_VERSION);
    const defaultDomain = model.opsetImport.filter((o) => !o.domain);
    expect(defaultDomain).toHaveLength(1);
    expect(Number(defaultDomain[0]!.version)).toBeLessThanOrEqual(MAX_OPSET);
    expect(model.opsetImport.every((o) => !o.domain)).toBe(true);
    const graph = model.graph!;
    const inputs = graph.input ?? [];
    expect(inputs.map((i) => i.name)).toEqual([INPUT_NAME]);
    expect((graph.output ?? []).map((o) => o.name)).toEqual([OUTPUT_NAMES[kind]]);
    const inputDims = inputs[0]!.type!.tensorType!.shape!.dim!;
    expect(inputDims.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', encodings.length]);
    expect((graph.node ?? []).some((n) => n.opType === 'Relu')).toBe(hidden > 0);
  });
});

describe.each(['risk' as const, 'payment-date' as const])('%s model, boosted trees', (kind) => {
  let model: BoostedModel;
  let bytes: Uint8Array;
  let expected: Float32Array;

  beforeAll(() => {
    const learning = learningSet(kind, split);
    const train = toMatrix(learning.train, encodings);
    const validation = toMatrix(learning.validation, encodings);
    model = fitBoosted(train, target(kind, learning.train), validation, target(kind, learning.validation), {
      kind,
      ...columns(),
      maxRounds: 40,
    });
    bytes = exportBoosted(model, `fidelity test ${kind} trees`);
    expected = predictBoosted(model, test.rows, test.n);
  });

  it('grew trees that split, and outputs that vary', () => {
    expect(model.trees.length).toBeGreaterThan(model.outputs);
    expect(model.trees.some(({ tree }) => tree.feature.length > 1)).toBe(true);
    expect(new Set(Array.from(expected, (v) => v.toFixed(4))).size).toBeGreaterThan(20);
  });

  it('onnxruntime-node and -web reproduce the trees on the whole test set', async () => {
    expect(maxDiff(kind, await runNode(bytes, kind, test), expected)).toBeLessThanOrEqual(1e-5);
    expect(maxDiff(kind, await runWeb(bytes, kind, test), expected)).toBeLessThanOrEqual(1e-5);
  });

  it('knows the invoice is open at asOf, with ordered quantiles', async () => {
    const out = await runNode(bytes, kind, test);
    split.test.forEach((e, i) => {
      if (kind === 'payment-date') {
        expect(out[i * 3]!).toBeGreaterThanOrEqual(e.daysOpen);
        expect(out[i * 3]! <= out[i * 3 + 1]! && out[i * 3 + 1]! <= out[i * 3 + 2]!).toBe(true);
      } else if (!e.beforeDue) expect(out[i * 2]).toBe(1);
    });
  });

  it('keeps the base value of an output that grew no tree', async () => {
    // Early stopping can keep no tree for an output (a label nearly constant in training).
    for (const bare of [0, 1]) {
      const pruned = { ...model, trees: model.trees.filter(({ output }) => output !== bare) };
      const out = await runNode(exportBoosted(pruned, 'pruned'), kind, test);
      expect(maxDiff(kind, out, predictBoosted(pruned, test.rows, test.n)), `output ${bare}`).toBeLessThanOrEqual(1e-5);
    }
  });

  it('declares the ai.onnx.ml domain at a version onnxruntime supports', () => {
    const m = onnxProto.onnx.ModelProto.decode(bytes);
    const ml = m.opsetImport.find((o) => o.domain === 'ai.onnx.ml');
    expect(Number(ml!.version)).toBeLessThanOrEqual(MAX_ML_OPSET);
    expect((m.graph!.node ?? []).some((n) => n.opType === 'TreeEnsembleRegressor')).toBe(true);
  });
});

describe('the fidelity check itself', () => {
  it('notices a graph that differs from the network', async () => {
    const train = toMatrix(split.train, encodings);
    const validation = toMatrix(split.validation, encodings);
    const weights = fit(train, target('risk', split.train), validation, target('risk', split.validation), {
      kind: 'risk',
      hidden: 0,
      ...columns(),
      seed: 9,
      maxEpochs: 3,
    });
    const shifted = exportOnnx(
      { ...weights, members: weights.members.map((m) => ({ ...m, b2: m.b2.map((b) => b + 0.01) })) },
      'shifted',
    );
    const out = await runNode(shifted, 'risk', test);
    expect(maxDiff('risk', out, predict(weights, test.rows, test.n))).toBeGreaterThan(1e-4);
  });
});
