/**
 * The two networks, written with TensorFlow.js ops so that the ONNX export is the same
 * arithmetic: clip to the training range, standardise, one hidden ReLU layer (or none),
 * then a sigmoid (risk) or three ordered quantiles of days from issue (payment date).
 * A model is a small ensemble of such networks trained from different seeds, averaged:
 * on a few thousand invoices one network's score moves by a point of AUC with the seed.
 */
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
  /** Column of the raw termsDays input: the payment-date quantiles are offsets from the due date. */
  termsIndex: number;
  members: Member[];
  /** Scale of the averaged P10-P90 gaps so the interval covers 80% of validation payments (conformal); > 0 keeps P10 <= P50 <= P90. */
  intervalScale: number;
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

/**
 * One network on raw feature rows: [N,1] probabilities (or logits) or [N,3] days (P10, P50,
 * P90); with `gaps`, [P50 - P10, P50, P90 - P50], which average without cancellation.
 */
export function forward(
  x: tf.Tensor2D,
  p: MemberTensors,
  s: ScalingTensors,
  kind: ModelKind,
  termsIndex: number,
  options: { logits?: boolean; gaps?: boolean } = {},
): tf.Tensor2D {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(tf.minimum(tf.maximum(x, s.min), s.max), s.mean), s.std);
    const h = p.w1 ? tf.relu(tf.add(tf.matMul(z as tf.Tensor2D, p.w1), p.b1!)) : z;
    const o = tf.add(tf.matMul(h as tf.Tensor2D, p.w2), p.b2) as tf.Tensor2D;
    if (kind === 'risk') return options.logits ? o : (tf.sigmoid(o) as tf.Tensor2D);
    const terms = tf.slice(x, [0, termsIndex], [-1, 1]);
    const [lowGap, mid, highGap] = tf.split(o, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const p50 = tf.add(mid, terms);
    if (options.gaps) return tf.concat([tf.softplus(lowGap), p50, tf.softplus(highGap)], 1) as tf.Tensor2D;
    return tf.concat([tf.sub(p50, tf.softplus(lowGap)), p50, tf.add(p50, tf.softplus(highGap))], 1) as tf.Tensor2D;
  });
}

export function scalingTensors(s: Scaling): ScalingTensors {
  return { min: tf.tensor1d(s.min), max: tf.tensor1d(s.max), mean: tf.tensor1d(s.mean), std: tf.tensor1d(s.std) };
}

export function memberTensors(w: NetWeights, m: Member): MemberTensors {
  const first = w.hidden > 0 ? { w1: tf.tensor2d(m.w1, [w.inputs, w.hidden]), b1: tf.tensor1d(m.b1) } : {};
  return { ...first, w2: tf.tensor2d(m.w2, [w.hidden || w.inputs, w.outputs]), b2: tf.tensor1d(m.b2) };
}

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
  const y = forward(x, p, s, w.kind, w.termsIndex, options);
  const out = y.dataSync().slice() as Float32Array;
  tf.dispose([x, y, ...Object.values(s), ...Object.values(p)]);
  return out;
}

/** The model's predictions on raw rows: [N] probabilities or [N][3] days, the members averaged. */
export function predict(w: NetWeights, rows: Float32Array, n: number): Float32Array {
  const sum = new Float32Array(n * (w.kind === 'risk' ? 1 : 3));
  for (const m of w.members) predictMember(w, m, rows, n, { gaps: true }).forEach((v, i) => (sum[i] = sum[i]! + v));
  const mean = sum.map((v) => v / w.members.length);
  if (w.kind === 'risk') return mean;
  // Averaged gaps, scaled (conformal), around the averaged P50: the same float32 steps as the ONNX graph.
  const out = new Float32Array(mean.length);
  for (let i = 0; i < mean.length; i += 3) {
    const mid = mean[i + 1]!;
    out[i] = mid - Math.fround(mean[i]! * w.intervalScale);
    out[i + 1] = mid;
    out[i + 2] = mid + Math.fround(mean[i + 2]! * w.intervalScale);
  }
  return out;
}
