/**
 * Fits networks with Adam on mini-batches, early-stopped on a time-ordered validation
 * slice; each risk network is calibrated (Platt scaling folded into its last layer) and the
 * payment-date intervals are conformalised on the same slice.
 */
import { seededRandom } from '@dunwell/engine/ledger';
import { tf } from './tf-backend';
import {
  forward,
  predict,
  predictMember,
  QUANTILES,
  scalingTensors,
  type Member,
  type ModelKind,
  type NetWeights,
  type Scaling,
} from './network';

export interface Matrix {
  rows: Float32Array;
  n: number;
  width: number;
}

export interface FitOptions {
  kind: ModelKind;
  hidden: number;
  termsIndex: number;
  seed: number;
  maxEpochs?: number;
  batchSize?: number;
  learningRate?: number;
  l2?: number;
  patience?: number;
  /** Networks averaged from consecutive seeds (default 1). */
  ensemble?: number;
  onEpoch?: (epoch: number, trainLoss: number, validationLoss: number) => void;
}

export function fitScaling(m: Matrix): Scaling {
  const s = {
    min: new Float32Array(m.width),
    max: new Float32Array(m.width),
    mean: new Float32Array(m.width),
    std: new Float32Array(m.width),
  };
  for (let j = 0; j < m.width; j++) {
    let min = Infinity,
      max = -Infinity,
      sum = 0,
      sq = 0;
    for (let i = 0; i < m.n; i++) {
      const v = m.rows[i * m.width + j]!;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      sq += v * v;
    }
    const mean = sum / m.n;
    s.min[j] = min;
    s.max[j] = max;
    s.mean[j] = mean;
    s.std[j] = Math.sqrt(Math.max(0, sq / m.n - mean * mean)) || 1;
  }
  return s;
}

function loss(kind: ModelKind, predicted: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  if (kind === 'risk') return tf.losses.sigmoidCrossEntropy(target, predicted) as tf.Scalar;
  const taus = tf.tensor2d([QUANTILES as unknown as number[]]);
  const error = tf.sub(target, predicted);
  return tf.mean(tf.maximum(tf.mul(taus, error), tf.mul(tf.sub(taus, 1), error))) as tf.Scalar;
}

/** Trains one network; the risk network is calibrated. */
function fitMember(
  train: Matrix,
  trainTarget: Float32Array,
  validation: Matrix,
  validationTarget: Float32Array,
  o: FitOptions,
  scaling: Scaling,
  seed: number,
): Member {
  const random = seededRandom(seed);
  const outputs = o.kind === 'risk' ? 1 : 3;
  const s = scalingTensors(scaling);
  const init = (shape: [number, number]) => {
    const values = new Float32Array(shape[0] * shape[1]).map(
      () => (random() * 2 - 1) * Math.sqrt(6 / (shape[0] + shape[1])),
    );
    return tf.variable(tf.tensor2d(values, shape));
  };
  const w1 = o.hidden > 0 ? init([train.width, o.hidden]) : undefined;
  const b1 = o.hidden > 0 ? tf.variable(tf.zeros([o.hidden]) as tf.Tensor1D) : undefined;
  const w2 = init([o.hidden || train.width, outputs]);
  const b2 = tf.variable(tf.zeros([outputs]) as tf.Tensor1D);
  const params = {
    w1: w1 as tf.Variable<tf.Rank.R2> | undefined,
    b1: b1 as tf.Variable<tf.Rank.R1> | undefined,
    w2: w2 as tf.Variable<tf.Rank.R2>,
    b2: b2 as tf.Variable<tf.Rank.R1>,
  };
  const optimizer = tf.train.adam(o.learningRate ?? 0.01);
  const l2 = o.l2 ?? 1e-4;
  const target = (t: Float32Array, n: number) =>
    o.kind === 'risk' ? tf.tensor2d(t, [n, 1]) : tf.tile(tf.tensor2d(t, [n, 1]), [1, 3]);
  const xTrain = tf.tensor2d(train.rows, [train.n, train.width]);
  const yTrain = target(trainTarget, train.n);
  const xVal = tf.tensor2d(validation.rows, [validation.n, validation.width]);
  const yVal = target(validationTarget, validation.n);
  const objective = (x: tf.Tensor2D, y: tf.Tensor2D) => {
    const predicted = forward(x, params, s, o.kind, o.termsIndex, { logits: true });
    const penalty = tf.mul(l2, tf.add(tf.sum(tf.square(params.w2)), params.w1 ? tf.sum(tf.square(params.w1)) : 0));
    return tf.add(loss(o.kind, predicted, y), penalty) as tf.Scalar;
  };
  const evaluate = (x: tf.Tensor2D, y: tf.Tensor2D) =>
    tf.tidy(() => loss(o.kind, forward(x, params, s, o.kind, o.termsIndex, { logits: true }), y).dataSync()[0]!);

  // Small data needs more steps per epoch; large data needs big batches to be fast on wasm.
  const batchSize = o.batchSize ?? Math.min(1024, Math.max(32, Math.round(train.n / 20)));
  const order = Array.from({ length: train.n }, (_, i) => i);
  let best = { loss: Infinity, weights: [] as Float32Array[], epoch: 0 };
  const variables: tf.Variable[] = [w1, b1, w2, b2].flatMap((v) => (v === undefined ? [] : [v as tf.Variable]));
  for (let epoch = 1; epoch <= (o.maxEpochs ?? 300); epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let trainLoss = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const idx = tf.tensor1d(order.slice(start, start + batchSize), 'int32');
      const xb = tf.gather(xTrain, idx) as tf.Tensor2D;
      const yb = tf.gather(yTrain, idx) as tf.Tensor2D;
      const cost = optimizer.minimize(() => objective(xb, yb), true, variables);
      trainLoss += cost!.dataSync()[0]! * Math.min(batchSize, order.length - start);
      tf.dispose([idx, xb, yb, cost!]);
    }
    const validationLoss = evaluate(xVal, yVal);
    o.onEpoch?.(epoch, trainLoss / order.length, validationLoss);
    if (validationLoss < best.loss - 1e-6)
      best = { loss: validationLoss, weights: variables.map((v) => v.dataSync().slice() as Float32Array), epoch };
    else if (epoch - best.epoch >= (o.patience ?? 25)) break;
  }
  variables.forEach((v, i) => v.assign(tf.tensor(best.weights[i]!, v.shape) as never));
  const member: Member = {
    w1: w1 ? (w1.dataSync().slice() as Float32Array) : new Float32Array(),
    b1: b1 ? (b1.dataSync().slice() as Float32Array) : new Float32Array(),
    w2: w2.dataSync().slice() as Float32Array,
    b2: b2.dataSync().slice() as Float32Array,
  };
  tf.dispose([xTrain, yTrain, xVal, yVal, ...variables, ...Object.values(s)]);
  optimizer.dispose();
  return member;
}

/** Trains `ensemble` networks from consecutive seeds and averages them (see network.ts). */
export function fit(
  train: Matrix,
  trainTarget: Float32Array,
  validation: Matrix,
  validationTarget: Float32Array,
  o: FitOptions,
): NetWeights {
  const scaling = fitScaling(train);
  const shell: NetWeights = {
    kind: o.kind,
    inputs: train.width,
    hidden: o.hidden,
    outputs: o.kind === 'risk' ? 1 : 3,
    scaling,
    termsIndex: o.termsIndex,
    members: [],
    intervalScale: 1,
  };
  for (let k = 0; k < (o.ensemble ?? 1); k++) {
    const member = fitMember(train, trainTarget, validation, validationTarget, o, scaling, o.seed + k);
    shell.members.push(o.kind === 'risk' ? calibrate(shell, member, validation, validationTarget) : member);
  }
  return o.kind === 'risk' ? shell : { ...shell, intervalScale: conformalScale(shell, validation, validationTarget) };
}

/**
 * Conformalised quantile regression, multiplicative: the factor by which the averaged P10
 * and P90 gaps must stretch (or shrink) so that 80% of validation payments fall inside.
 */
function conformalScale(weights: NetWeights, validation: Matrix, target: Float32Array): number {
  const out = predict({ ...weights, intervalScale: 1 }, validation.rows, validation.n);
  // Each score is the factor by which that invoice's gap must stretch to reach its payment.
  const scores = Array.from(target, (y, i) => {
    const [low, mid, high] = [out[i * 3]!, out[i * 3 + 1]!, out[i * 3 + 2]!];
    return Math.max((mid - y) / Math.max(mid - low, 1e-6), (y - mid) / Math.max(high - mid, 1e-6));
  }).sort((a, b) => a - b);
  const k = Math.min(scores.length, Math.ceil((scores.length + 1) * 0.8));
  return Math.max(1e-3, scores[k - 1]!);
}

/**
 * Platt scaling on the validation slice: p = sigmoid(a * logit + b), folded into the last
 * layer (w2 * a, b2 * a + b) so the exported graph needs nothing extra.
 */
function calibrate(weights: NetWeights, member: Member, validation: Matrix, target: Float32Array): Member {
  const logits = predictMember(weights, member, validation.rows, validation.n, { logits: true });
  let a = 1,
    b = 0;
  for (let step = 0; step < 500; step++) {
    let ga = 0,
      gb = 0;
    for (let i = 0; i < logits.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * logits[i]! + b)));
      ga += (p - target[i]!) * logits[i]!;
      gb += p - target[i]!;
    }
    a -= (0.5 * ga) / logits.length;
    b -= (0.5 * gb) / logits.length;
  }
  return { ...member, w2: member.w2.map((w) => w * a), b2: member.b2.map((v) => v * a + b) };
}
