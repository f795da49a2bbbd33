/**
 * The two networks, written with TensorFlow.js ops so that the ONNX export is the same
 * arithmetic: clip to the training range, standardise, one hidden ReLU layer (or none),
 * then two sigmoids (risk: paid late, paid within 30 days) or three ordered quantiles of the
 * pay day (payment date). Both know the invoice is open at `asOf`: the late probability is 1
 * once the due date has passed, and every quantile is `daysOpen` plus a non-negative number of
 * days (a softplus), so never before `asOf`. A model is a small ensemble of such networks trained from different seeds,
 * averaged: on a few thousand invoices one network's score moves by a point of AUC with the seed.
 */
import { scaleSteps, SCALE_STARTS } from './stages';
import { tf } from './tf-backend';

export type ModelKind = 'risk' | 'payment-date';

export interface Scaling {
  min: Float32Array;
  max: Float32Array;
  mean: Float32Array;
  std: Float32Array;
}

/** One network's parameters. */
export interface Member {
  /** inputs×hidden, row-major; empty when hidden is 0. */
  w1: Float32Array;
  b1: Float32Array;
  /** (hidden or inputs)×outputs, row-major. */
  w2: Float32Array;
  b2: Float32Array;
}

export interface NetWeights {
  kind: ModelKind;
  inputs: number;
  hidden: number;
  outputs: number;
  scaling: Scaling;
  /** Column of the raw termsDays input: the payment-date quantiles start from the due date. */
  termsIndex: number;
  /** Column of the raw daysOpen input: nothing is predicted before it. */
  openIndex: number;
  members: Member[];
  /**
   * Scales of the averaged P10-P90 gaps, one per stage (stages.ts), so the interval covers
   * 80% of validation payments at each stage (conformal); > 0 keeps P10 <= P50 <= P90.
   */
  intervalScales: number[];
}

export const QUANTILES = [0.1, 0.5, 0.9] as const;

export interface MemberTensors {
  w1?: tf.Tensor2D;
  b1?: tf.Tensor1D;
  w2: tf.Tensor2D;
  b2: tf.Tensor1D;
}

export interface ScalingTensors {
  min: tf.Tensor1D;
  max: tf.Tensor1D;
  mean: tf.Tensor1D;
  std: tf.Tensor1D;
}

export const OUTPUTS: Record<ModelKind, number> = { risk: 2, 'payment-date': 3 };

/** Where the raw inputs the heads need are: terms and days open. */
export interface Columns {
  termsIndex: number;
  openIndex: number;
}

const column = (x: tf.Tensor2D, index: number) => tf.slice(x, [0, index], [-1, 1]) as tf.Tensor2D;

/** Each row's stage scale (stages.ts) as a tensor. */
function stageScale(daysOpen: tf.Tensor2D, terms: tf.Tensor2D, scales: readonly number[]): tf.Tensor2D {
  const pastDue = tf.sub(daysOpen, terms);
  const steps = scaleSteps(scales);
  return SCALE_STARTS.reduce<tf.Tensor2D>(
    (scale, start, k) => tf.add(scale, tf.mul(steps[k]!, tf.cast(tf.greaterEqual(pastDue, start), 'float32'))),
    tf.fill(daysOpen.shape, Math.fround(scales[0]!)) as tf.Tensor2D,
  );
}

/**
 * Quantiles of the pay day from a member's (or the averaged) [lowGap, z, highGap]: days open
 * plus the softplus of z minus, zero and plus the scaled gaps, so ordered and never before asOf.
 */
export function payDayHead(gaps: tf.Tensor2D, daysOpen: tf.Tensor2D, scale: tf.Tensor2D | number): tf.Tensor2D {
  return tf.tidy(() => {
    const [lowGap, z, highGap] = tf.split(gaps, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const at = (t: tf.Tensor2D) => tf.add(daysOpen, tf.softplus(t));
    return tf.concat(
      [at(tf.sub(z, tf.mul(lowGap, scale))), at(z), at(tf.add(z, tf.mul(highGap, scale)))],
      1,
    ) as tf.Tensor2D;
  });
}

/**
 * One network on raw feature rows: [N,2] probabilities (or logits) or [N,3] days from issue
 * (P10, P50, P90); with `gaps`, [lowGap, z, highGap] (z the P50's days after asOf before its
 * softplus, starting from the due date), which average across members without cancellation.
 */
export function forward(
  x: tf.Tensor2D,
  p: MemberTensors,
  s: ScalingTensors,
  kind: ModelKind,
  columns: Columns,
  options: { logits?: boolean; gaps?: boolean } = {},
): tf.Tensor2D {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(tf.minimum(tf.maximum(x, s.min), s.max), s.mean), s.std);
    const h = p.w1 ? tf.relu(tf.add(tf.matMul(z as tf.Tensor2D, p.w1), p.b1!)) : z;
    const o = tf.add(tf.matMul(h as tf.Tensor2D, p.w2), p.b2) as tf.Tensor2D;
    const terms = column(x, columns.termsIndex);
    const daysOpen = column(x, columns.openIndex);
    if (kind === 'risk') {
      if (options.logits) return o;
      const [late, within] = tf.split(tf.sigmoid(o), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      // Open after the due date: it will be paid late for certain.
      const pastDue = tf.cast(tf.greater(daysOpen, terms), 'float32');
      return tf.concat([tf.maximum(late, pastDue), within], 1) as tf.Tensor2D;
    }
    const [lowGap, mid, highGap] = tf.split(o, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const gaps = tf.concat([tf.softplus(lowGap), tf.sub(tf.add(mid, terms), daysOpen), tf.softplus(highGap)], 1);
    return options.gaps ? (gaps as tf.Tensor2D) : payDayHead(gaps as tf.Tensor2D, daysOpen, 1);
  });
}

export function scalingTensors(s: Scaling): ScalingTensors {
  return { min: tf.tensor1d(s.min), max: tf.tensor1d(s.max), mean: tf.tensor1d(s.mean), std: tf.tensor1d(s.std) };
}

export function memberTensors(w: NetWeights, m: Member): MemberTensors {
  const first = w.hidden > 0 ? { w1: tf.tensor2d(m.w1, [w.inputs, w.hidden]), b1: tf.tensor1d(m.b1) } : {};
  return { ...first, w2: tf.tensor2d(m.w2, [w.hidden || w.inputs, w.outputs]), b2: tf.tensor1d(m.b2) };
}

const columnsOf = (w: NetWeights): Columns => ({ termsIndex: w.termsIndex, openIndex: w.openIndex });

/** One member's output on raw rows (logits for risk when asked, for calibration). */
export function predictMember(
  w: NetWeights,
  m: Member,
  rows: Float32Array,
  n: number,
  options: { logits?: boolean; gaps?: boolean } = {},
): Float32Array {
  const x = tf.tensor2d(rows, [n, w.inputs]);
  const s = scalingTensors(w.scaling);
  const p = memberTensors(w, m);
  const y = forward(x, p, s, w.kind, columnsOf(w), options);
  const out = y.dataSync().slice() as Float32Array;
  tf.dispose([x, y, ...Object.values(s), ...Object.values(p)]);
  return out;
}

/** The members' outputs averaged: probabilities, or for the payment date [lowGap, z, highGap]. */
export function averaged(w: NetWeights, rows: Float32Array, n: number): Float32Array {
  const sum = new Float32Array(n * w.outputs);
  for (const m of w.members) predictMember(w, m, rows, n, { gaps: true }).forEach((v, i) => (sum[i] = sum[i]! + v));
  return sum.map((v) => v / w.members.length);
}

/** The model's predictions on raw rows: [N][2] probabilities or [N][3] days from issue, the members averaged. */
export function predict(w: NetWeights, rows: Float32Array, n: number): Float32Array {
  const mean = averaged(w, rows, n);
  if (w.kind === 'risk') return mean;
  // Averaged gaps scaled (conformal) around the averaged z: the same float32 steps as the ONNX graph.
  return tf.tidy(() => {
    const x = tf.tensor2d(rows, [n, w.inputs]);
    const daysOpen = column(x, w.openIndex);
    const scale = stageScale(daysOpen, column(x, w.termsIndex), w.intervalScales);
    return payDayHead(tf.tensor2d(mean, [n, 3]), daysOpen, scale)
      .dataSync()
      .slice() as Float32Array;
  });
}
