/**
 * The two networks, written with TensorFlow.js ops so that the ONNX export is the same
 * arithmetic: clip to the training range, standardise, one hidden ReLU layer (or none),
 * then a sigmoid (risk) or three ordered quantiles of days from issue (payment date).
 */
import { tf } from './tf-backend';

export type ModelKind = 'risk' | 'payment-date';

export interface Scaling {
  min: Float32Array;
  max: Float32Array;
  mean: Float32Array;
  std: Float32Array;
}

export interface NetWeights {
  kind: ModelKind;
  inputs: number;
  hidden: number;
  outputs: number;
  /** inputs×hidden, row-major; empty when hidden is 0. */
  w1: Float32Array;
  b1: Float32Array;
  /** (hidden or inputs)×outputs, row-major. */
  w2: Float32Array;
  b2: Float32Array;
  scaling: Scaling;
  /** Column of the raw termsDays input: the payment-date quantiles are offsets from the due date. */
  termsIndex: number;
  /** Days added on both sides of the P10-P90 interval so it covers 80% of validation payments (conformal). */
  intervalMargin: number;
}

export const QUANTILES = [0.1, 0.5, 0.9] as const;

/** The forward pass on raw feature rows; returns [N,1] probabilities or [N,3] days (P10, P50, P90). */
export function forward(
  x: tf.Tensor2D,
  p: { w1?: tf.Tensor2D; b1?: tf.Tensor1D; w2: tf.Tensor2D; b2: tf.Tensor1D },
  scaling: { min: tf.Tensor1D; max: tf.Tensor1D; mean: tf.Tensor1D; std: tf.Tensor1D },
  kind: ModelKind,
  termsIndex: number,
  options: { logits?: boolean; intervalMargin?: number } = {},
): tf.Tensor2D {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(tf.minimum(tf.maximum(x, scaling.min), scaling.max), scaling.mean), scaling.std);
    const h = p.w1 ? tf.relu(tf.add(tf.matMul(z as tf.Tensor2D, p.w1), p.b1!)) : z;
    const o = tf.add(tf.matMul(h as tf.Tensor2D, p.w2), p.b2) as tf.Tensor2D;
    if (kind === 'risk') return options.logits ? o : (tf.sigmoid(o) as tf.Tensor2D);
    const terms = tf.slice(x, [0, termsIndex], [-1, 1]);
    const [lowGap, mid, highGap] = tf.split(o, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const p50 = tf.add(mid, terms);
    const margin = options.intervalMargin ?? 0;
    const low = tf.sub(p50, tf.add(tf.softplus(lowGap), margin));
    const high = tf.add(p50, tf.add(tf.softplus(highGap), margin));
    return tf.concat([low, p50, high], 1) as tf.Tensor2D;
  });
}

/** Logits of the risk network, before the sigmoid (for calibration). */
export function riskLogits(x: tf.Tensor2D, weights: NetWeights): Float32Array {
  const s = scalingTensors(weights.scaling);
  const p = paramTensors(weights);
  const logits = forward(x, p, s, 'risk', weights.termsIndex, { logits: true });
  const out = logits.dataSync() as Float32Array;
  tf.dispose([logits, ...Object.values(s), ...Object.values(p)]);
  return out;
}

export function scalingTensors(s: Scaling) {
  return { min: tf.tensor1d(s.min), max: tf.tensor1d(s.max), mean: tf.tensor1d(s.mean), std: tf.tensor1d(s.std) };
}

export function paramTensors(w: NetWeights) {
  const first = w.hidden > 0 ? { w1: tf.tensor2d(w.w1, [w.inputs, w.hidden]), b1: tf.tensor1d(w.b1) } : {};
  return { ...first, w2: tf.tensor2d(w.w2, [w.hidden || w.inputs, w.outputs]), b2: tf.tensor1d(w.b2) };
}

/** Predictions of trained weights on raw rows: [N] probabilities or [N][3] days. */
export function predict(weights: NetWeights, rows: Float32Array, n: number): Float32Array {
  const x = tf.tensor2d(rows, [n, weights.inputs]);
  const s = scalingTensors(weights.scaling);
  const p = paramTensors(weights);
  const y = forward(x, p, s, weights.kind, weights.termsIndex, { intervalMargin: weights.intervalMargin });
  const out = y.dataSync() as Float32Array;
  tf.dispose([x, y, ...Object.values(s), ...Object.values(p)]);
  return out;
}
