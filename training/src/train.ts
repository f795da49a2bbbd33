/**
 * Fits networks with Adam on mini-batches, early-stopped on a time-ordered validation
 * slice; each risk network is calibrated (Platt scaling per output, folded into its last
 * layer) and the payment-date intervals are conformalised on the same slice.
 */
import { seededRandom } from '@dunwell/engine/ledger';
import { conformalFactor, perStage, stageOf } from './stages';
import { tf } from './tf-backend';
import {
  averaged,
  forward,
  OUTPUTS,
  predictMember,
  QUANTILES,
  scalingTensors,
  type Columns,
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

/**
 * What a network learns from: for risk, per row [paid late, paid within 30 days] with a weight
 * per value (0 where the label says nothing, as lateness once past due); for the payment date,
 * per row the days from issue to payment.
 */
export interface Target {
  values: Float32Array;
  weights?: Float32Array;
}

export interface FitOptions extends Columns {
  kind: ModelKind;
  hidden: number;
  seed: number;
  maxEpochs?: number;
  batchSize?: number;
  learningRate?: number;
  l2?: number;
  patience?: number;
  /** Networks averaged from consecutive seeds (default 1). */
  ensemble?: number;
  /** After each epoch of each member (counted from 0). */
  onEpoch?: (member: number, epoch: number, trainLoss: number, validationLoss: number) => void;
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

function loss(kind: ModelKind, predicted: tf.Tensor2D, target: tf.Tensor2D, weights?: tf.Tensor2D): tf.Scalar {
  if (kind === 'risk') return tf.losses.sigmoidCrossEntropy(target, predicted, weights) as tf.Scalar;
  const taus = tf.tensor2d([QUANTILES as unknown as number[]]);
  const error = tf.sub(target, predicted);
  return tf.mean(tf.maximum(tf.mul(taus, error), tf.mul(tf.sub(taus, 1), error))) as tf.Scalar;
}

/** Trains one network; the risk network is calibrated. */
function fitMember(
  train: Matrix,
  trainTarget: Target,
  validation: Matrix,
  validationTarget: Target,
  o: FitOptions,
  scaling: Scaling,
  index: number,
): Member {
  const random = seededRandom(o.seed + index);
  const outputs = OUTPUTS[o.kind];
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
  const target = (t: Target, n: number) =>
    o.kind === 'risk'
      ? {
          y: tf.tensor2d(t.values, [n, outputs]),
          w: tf.tensor2d(t.weights ?? new Float32Array(n * outputs).fill(1), [n, outputs]),
        }
      : { y: tf.tile(tf.tensor2d(t.values, [n, 1]), [1, 3]) as tf.Tensor2D, w: undefined };
  const xTrain = tf.tensor2d(train.rows, [train.n, train.width]);
  const yTrain = target(trainTarget, train.n);
  const xVal = tf.tensor2d(validation.rows, [validation.n, validation.width]);
  const yVal = target(validationTarget, validation.n);
  const objective = (x: tf.Tensor2D, y: tf.Tensor2D, w?: tf.Tensor2D) => {
    const predicted = forward(x, params, s, o.kind, o, { logits: true });
    const penalty = tf.mul(l2, tf.add(tf.sum(tf.square(params.w2)), params.w1 ? tf.sum(tf.square(params.w1)) : 0));
    return tf.add(loss(o.kind, predicted, y, w), penalty) as tf.Scalar;
  };
  const evaluate = (x: tf.Tensor2D, y: { y: tf.Tensor2D; w?: tf.Tensor2D }) =>
    tf.tidy(() => loss(o.kind, forward(x, params, s, o.kind, o, { logits: true }), y.y, y.w).dataSync()[0]!);

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
      const yb = tf.gather(yTrain.y, idx) as tf.Tensor2D;
      const wb = yTrain.w ? (tf.gather(yTrain.w, idx) as tf.Tensor2D) : undefined;
      const cost = optimizer.minimize(() => objective(xb, yb, wb), true, variables);
      trainLoss += cost!.dataSync()[0]! * Math.min(batchSize, order.length - start);
      tf.dispose([idx, xb, yb, cost!, ...(wb ? [wb] : [])]);
    }
    const validationLoss = evaluate(xVal, yVal);
    o.onEpoch?.(index, epoch, trainLoss / order.length, validationLoss);
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
  tf.dispose([
    xTrain,
    xVal,
    ...[yTrain, yVal].flatMap((t) => (t.w ? [t.y, t.w] : [t.y])),
    ...variables,
    ...Object.values(s),
  ]);
  optimizer.dispose();
  return member;
}

/** Trains `ensemble` networks from consecutive seeds and averages them (see network.ts). */
export function fit(
  train: Matrix,
  trainTarget: Target,
  validation: Matrix,
  validationTarget: Target,
  o: FitOptions,
): NetWeights {
  const scaling = fitScaling(train);
  const shell: NetWeights = {
    kind: o.kind,
    inputs: train.width,
    hidden: o.hidden,
    outputs: OUTPUTS[o.kind],
    scaling,
    termsIndex: o.termsIndex,
    openIndex: o.openIndex,
    members: [],
    intervalScales: [],
  };
  for (let k = 0; k < (o.ensemble ?? 1); k++) {
    const member = fitMember(train, trainTarget, validation, validationTarget, o, scaling, k);
    shell.members.push(o.kind === 'risk' ? calibrate(shell, member, validation, validationTarget) : member);
  }
  return o.kind === 'risk' ? shell : { ...shell, intervalScales: conformalScales(shell, validation, validationTarget) };
}

/** softplus⁻¹(v) = log(eᵛ − 1), written to stay finite for large v. */
const softplusInverse = (v: number) => v + Math.log(-Math.expm1(-v));

/**
 * Conformalised quantile regression, multiplicative and per stage (stages.ts): the factor by
 * which the averaged gaps must stretch (or shrink) so that 80% of validation payments fall
 * within the dates shown, from the day of the P10 to the day of the P90.
 */
function conformalScales(weights: NetWeights, validation: Matrix, target: Target): number[] {
  const out = averaged(weights, validation.rows, validation.n);
  const raw = (i: number, j: number) => validation.rows[i * validation.width + j]!;
  // Each score is the least factor that brings that invoice's payment day inside its range:
  // floor(daysOpen + softplus(z - s·low)) <= payDay and ceil(daysOpen + softplus(z + s·high)) >= payDay.
  const scored = Array.from(target.values, (payDay, i) => {
    const [low, z, high] = [out[i * 3]!, out[i * 3 + 1]!, out[i * 3 + 2]!];
    const daysOpen = raw(i, weights.openIndex);
    const left = payDay - daysOpen;
    const forLow = (z - softplusInverse(left + 1)) / Math.max(low, 1e-6);
    const forHigh = left > 1 ? (softplusInverse(left - 1) - z) / Math.max(high, 1e-6) : 0;
    return { stage: stageOf(daysOpen - raw(i, weights.termsIndex)), score: Math.max(forLow, forHigh) };
  });
  return perStage(scored, conformalFactor);
}

/**
 * Platt scaling on the validation slice, per output: p = sigmoid(a * logit + b) over the rows
 * whose label counts, folded into the last layer (w2 * a, b2 * a + b) so the exported graph
 * needs nothing extra.
 */
function calibrate(weights: NetWeights, member: Member, validation: Matrix, target: Target): Member {
  const logits = predictMember(weights, member, validation.rows, validation.n, { logits: true });
  const outputs = weights.outputs;
  const rowsIn = weights.hidden || weights.inputs;
  const w2 = member.w2.slice();
  const b2 = member.b2.slice();
  for (let c = 0; c < outputs; c++) {
    const rows = Array.from({ length: validation.n }, (_, i) => i).filter(
      (i) => (target.weights?.[i * outputs + c] ?? 1) > 0,
    );
    let a = 1,
      b = 0;
    for (let step = 0; step < 500 && rows.length > 0; step++) {
      let ga = 0,
        gb = 0;
      for (const i of rows) {
        const logit = logits[i * outputs + c]!;
        const p = 1 / (1 + Math.exp(-(a * logit + b)));
        ga += (p - target.values[i * outputs + c]!) * logit;
        gb += p - target.values[i * outputs + c]!;
      }
      a -= (0.5 * ga) / rows.length;
      b -= (0.5 * gb) / rows.length;
    }
    for (let r = 0; r < rowsIn; r++) w2[r * outputs + c] = w2[r * outputs + c]! * a;
    b2[c] = b2[c]! * a + b;
  }
  return { ...member, w2, b2 };
}
