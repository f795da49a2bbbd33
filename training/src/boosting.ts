/**
 * Gradient-boosted trees, the learner the networks are compared with: histogram splits on
 * quantile bins of each input, depth-limited trees, early stopping on the validation slice.
 * Risk: one logistic ensemble per output (Newton leaves, Platt-calibrated, folded into the
 * leaves). Payment date: one ensemble per quantile of the days left (pinball gradients, leaves
 * at the residuals' quantile), ordered, widened per stage like the networks, and never before
 * asOf. The ONNX export (boosting-export.ts) is the same arithmetic in TreeEnsembleRegressor.
 */
import { QUANTILES, type Columns, type ModelKind } from './network';
import { conformalFactor, perStage, stageOf, stageValue } from './stages';
import { type Matrix, type Target } from './train';

/** One tree as node arrays; a leaf has feature -1. Rows with x <= threshold go left. */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface BoostedModel extends Columns {
  kind: ModelKind;
  inputs: number;
  /** Raw outputs: 2 logits (risk) or 3 quantiles of the days left (payment date). */
  outputs: number;
  base: number[];
  trees: Array<{ output: number; tree: Tree }>;
  /** Payment date: the P10-P90 width per stage (stages.ts), as the networks. */
  intervalScales: number[];
  /** Risk: the 30-day probability is sigmoid(a · raw + b), a and b per stage (stages.ts). */
  within30Calibration: { a: number[]; b: number[] };
}

export interface BoostOptions extends Columns {
  kind: ModelKind;
  maxRounds?: number;
  depth?: number;
  learningRate?: number;
  minLeaf?: number;
  patience?: number;
  onRound?: (output: number, round: number, validationLoss: number) => void;
}

const BINS = 64;
const LAMBDA = 1;

/** Candidate thresholds per feature: up to BINS quantiles of its training values (float32, from the data). */
function binEdges(m: Matrix): number[][] {
  return Array.from({ length: m.width }, (_, j) => {
    const values = Array.from({ length: m.n }, (_, i) => m.rows[i * m.width + j]!).sort((a, b) => a - b);
    const edges = new Set<number>();
    for (let b = 1; b < BINS; b++) edges.add(values[Math.floor((b * (values.length - 1)) / BINS)]!);
    edges.delete(values.at(-1)!);
    return [...edges].sort((a, b) => a - b);
  });
}

/** Each value's bin: the first edge it does not exceed (edges.length when above all). */
function binned(m: Matrix, edges: number[][]): Uint8Array {
  const out = new Uint8Array(m.n * m.width);
  for (let i = 0; i < m.n; i++)
    for (let j = 0; j < m.width; j++) {
      const v = m.rows[i * m.width + j]!;
      const e = edges[j]!;
      let lo = 0,
        hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= e[mid]!) hi = mid;
        else lo = mid + 1;
      }
      out[i * m.width + j] = lo;
    }
  return out;
}

export function treeValue(tree: Tree, rows: ArrayLike<number>, offset: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0)
    node = rows[offset + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return tree.value[node]!;
}

interface Grow {
  bins: Uint8Array;
  width: number;
  edges: number[][];
  gradient: Float64Array;
  hessian: Float64Array;
  depth: number;
  minLeaf: number;
  /** The leaf's value from its rows (Newton step, or a quantile of residuals). */
  leaf: (rows: number[]) => number;
}

/** Grows one tree depth-first on the rows, splitting where the gradient statistics gain most. */
function grow(g: Grow, rows: number[]): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const add = () => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    return tree.feature.length - 1;
  };
  const split = (node: number, members: number[], depth: number) => {
    let best = { gain: 1e-9, feature: -1, bin: -1 };
    if (depth < g.depth && members.length >= 2 * g.minLeaf) {
      let G = 0,
        H = 0;
      for (const i of members) {
        G += g.gradient[i]!;
        H += g.hessian[i]!;
      }
      const parent = (G * G) / (H + LAMBDA);
      for (let j = 0; j < g.width; j++) {
        const nb = g.edges[j]!.length + 1;
        if (nb < 2) continue;
        const hg = new Float64Array(nb),
          hh = new Float64Array(nb),
          hc = new Int32Array(nb);
        for (const i of members) {
          const b = g.bins[i * g.width + j]!;
          hg[b] = hg[b]! + g.gradient[i]!;
          hh[b] = hh[b]! + g.hessian[i]!;
          hc[b] = hc[b]! + 1;
        }
        let gl = 0,
          hl = 0,
          cl = 0;
        for (let b = 0; b < nb - 1; b++) {
          gl += hg[b]!;
          hl += hh[b]!;
          cl += hc[b]!;
          if (cl < g.minLeaf) continue;
          if (members.length - cl < g.minLeaf) break;
          const gain = (gl * gl) / (hl + LAMBDA) + ((G - gl) * (G - gl)) / (H - hl + LAMBDA) - parent;
          if (gain > best.gain) best = { gain, feature: j, bin: b };
        }
      }
    }
    if (best.feature < 0) {
      tree.value[node] = g.leaf(members);
      return;
    }
    const threshold = g.edges[best.feature]![best.bin]!;
    const leftRows = members.filter((i) => g.bins[i * g.width + best.feature]! <= best.bin);
    const rightRows = members.filter((i) => g.bins[i * g.width + best.feature]! > best.bin);
    tree.feature[node] = best.feature;
    tree.threshold[node] = threshold;
    const l = add();
    const r = add();
    tree.left[node] = l;
    tree.right[node] = r;
    split(l, leftRows, depth + 1);
    split(r, rightRows, depth + 1);
  };
  split(add(), rows, 0);
  return tree;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function quantileOf(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
}

/** Raw outputs (logits, or quantiles of days left) of the trees for every row. */
export function rawScores(model: BoostedModel, rows: Float32Array, n: number): Float32Array {
  const out = new Float64Array(n * model.outputs);
  for (let i = 0; i < n; i++) for (let k = 0; k < model.outputs; k++) out[i * model.outputs + k] = model.base[k]!;
  for (const { output, tree } of model.trees)
    for (let i = 0; i < n; i++) {
      const at = i * model.outputs + output;
      out[at] = out[at]! + treeValue(tree, rows, i * model.inputs);
    }
  return Float32Array.from(out);
}

/**
 * The model's outputs on raw rows, as the ONNX graph computes them: [late, within 30 days]
 * probabilities, or [P10, P50, P90] days from issue.
 */
export function predictBoosted(model: BoostedModel, rows: Float32Array, n: number): Float32Array {
  const raw = rawScores(model, rows, n);
  const f = Math.fround;
  const out = new Float32Array(n * (model.kind === 'risk' ? 2 : 3));
  for (let i = 0; i < n; i++) {
    const daysOpen = rows[i * model.inputs + model.openIndex]!;
    const terms = rows[i * model.inputs + model.termsIndex]!;
    if (model.kind === 'risk') {
      const daysPastDue = f(daysOpen - terms);
      const { a, b } = model.within30Calibration;
      out[i * 2] = daysOpen > terms ? 1 : f(sigmoid(raw[i * 2]!));
      out[i * 2 + 1] = f(sigmoid(f(f(raw[i * 2 + 1]! * stageValue(a, daysPastDue)) + stageValue(b, daysPastDue))));
      continue;
    }
    const [q10, q50, q90] = [raw[i * 3]!, raw[i * 3 + 1]!, raw[i * 3 + 2]!];
    const scale = stageValue(model.intervalScales, f(daysOpen - terms));
    const low = f(q50 - f(f(Math.max(0, f(q50 - q10))) * scale));
    const high = f(q50 + f(f(Math.max(0, f(q90 - q50))) * scale));
    out[i * 3] = f(daysOpen + Math.max(0, low));
    out[i * 3 + 1] = f(daysOpen + Math.max(0, q50));
    out[i * 3 + 2] = f(daysOpen + Math.max(0, high));
  }
  return out;
}

/** Validation loss of raw scores: weighted log loss per output (risk), or mean pinball loss of the days left. */
function outputLoss(kind: ModelKind, k: number, raw: number, y: number, w: number): number {
  if (kind === 'risk') {
    const p = Math.min(1 - 1e-7, Math.max(1e-7, sigmoid(raw)));
    return -w * (y * Math.log(p) + (1 - y) * Math.log(1 - p));
  }
  const tau = QUANTILES[k]!;
  const e = y - raw;
  return Math.max(tau * e, (tau - 1) * e);
}

/** Per row and output: the label the trees learn (days left for the payment date) and its weight. */
function labels(kind: ModelKind, m: Matrix, t: Target, columns: Columns) {
  const outputs = kind === 'risk' ? 2 : 3;
  const y = new Float64Array(m.n * outputs);
  const w = new Float64Array(m.n * outputs).fill(1);
  for (let i = 0; i < m.n; i++)
    for (let k = 0; k < outputs; k++) {
      if (kind === 'risk') {
        y[i * outputs + k] = t.values[i * 2 + k]!;
        w[i * outputs + k] = t.weights?.[i * 2 + k] ?? 1;
      } else y[i * outputs + k] = t.values[i]! - m.rows[i * m.width + columns.openIndex]!;
    }
  return { y, w, outputs };
}

export function fitBoosted(
  train: Matrix,
  trainTarget: Target,
  validation: Matrix,
  validationTarget: Target,
  o: BoostOptions,
): BoostedModel {
  const edges = binEdges(train);
  const bins = binned(train, edges);
  const t = labels(o.kind, train, trainTarget, o);
  const v = labels(o.kind, validation, validationTarget, o);
  const outputs = t.outputs;
  const lr = o.learningRate ?? 0.1;
  const model: BoostedModel = {
    kind: o.kind,
    inputs: train.width,
    outputs,
    base: [],
    trees: [],
    termsIndex: o.termsIndex,
    openIndex: o.openIndex,
    intervalScales: [],
    within30Calibration: { a: [], b: [] },
  };
  for (let k = 0; k < outputs; k++) {
    const rows = Array.from({ length: train.n }, (_, i) => i).filter((i) => t.w[i * outputs + k]! > 0);
    const yk = (i: number) => t.y[i * outputs + k]!;
    const base =
      o.kind === 'risk'
        ? (() => {
            const rate = Math.min(
              1 - 1e-4,
              Math.max(1e-4, rows.reduce((a, i) => a + yk(i), 0) / Math.max(1, rows.length)),
            );
            return Math.log(rate / (1 - rate));
          })()
        : quantileOf(rows.map(yk), QUANTILES[k]!);
    model.base.push(Math.fround(base));
    const f = new Float64Array(train.n).fill(model.base[k]!);
    const fv = new Float64Array(validation.n).fill(model.base[k]!);
    const gradient = new Float64Array(train.n);
    const hessian = new Float64Array(train.n);
    const validationLoss = () => {
      let sum = 0,
        weight = 0;
      for (let i = 0; i < validation.n; i++) {
        const w = v.w[i * outputs + k]!;
        if (w <= 0) continue;
        sum += outputLoss(o.kind, k, fv[i]!, v.y[i * outputs + k]!, w);
        weight += w;
      }
      return sum / Math.max(weight, 1e-9);
    };
    let best = { loss: validationLoss(), trees: 0 };
    const trees: Tree[] = [];
    for (let round = 1; round <= (o.maxRounds ?? 300); round++) {
      for (const i of rows) {
        const w = t.w[i * outputs + k]!;
        if (o.kind === 'risk') {
          const p = sigmoid(f[i]!);
          gradient[i] = w * (p - yk(i));
          hessian[i] = w * Math.max(p * (1 - p), 1e-6);
        } else {
          gradient[i] = yk(i) > f[i]! ? -QUANTILES[k]! : 1 - QUANTILES[k]!;
          hessian[i] = 1;
        }
      }
      const leaf =
        o.kind === 'risk'
          ? (members: number[]) => {
              let G = 0,
                H = 0;
              for (const i of members) {
                G += gradient[i]!;
                H += hessian[i]!;
              }
              return Math.fround((lr * -G) / (H + LAMBDA));
            }
          : (members: number[]) =>
              Math.fround(
                lr *
                  quantileOf(
                    members.map((i) => yk(i) - f[i]!),
                    QUANTILES[k]!,
                  ),
              );
      const tree = grow(
        { bins, width: train.width, edges, gradient, hessian, depth: o.depth ?? 3, minLeaf: o.minLeaf ?? 20, leaf },
        rows,
      );
      trees.push(tree);
      for (let i = 0; i < train.n; i++) f[i] = f[i]! + treeValue(tree, train.rows, i * train.width);
      for (let i = 0; i < validation.n; i++) fv[i] = fv[i]! + treeValue(tree, validation.rows, i * validation.width);
      const loss = validationLoss();
      o.onRound?.(k, round, loss);
      if (loss < best.loss - 1e-7) best = { loss, trees: trees.length };
      else if (round - best.trees >= (o.patience ?? 20)) break;
    }
    for (const tree of trees.slice(0, best.trees)) model.trees.push({ output: k, tree });
  }
  if (o.kind === 'risk') calibrate(model, validation, v);
  else model.intervalScales = conformalScales(model, validation, validationTarget);
  return model;
}

/**
 * The inputs the model reads: those a tree splits on, and the days open and terms, from which the
 * graph takes the stage and the days already open. An input no tree splits on changes no score.
 */
export function inputsRead(model: BoostedModel): Set<number> {
  const read = new Set([model.openIndex, model.termsIndex]);
  for (const { tree } of model.trees) for (const feature of tree.feature) if (feature >= 0) read.add(feature);
  return read;
}

/** Platt's a and b for raw scores against 0/1 labels. */
function platt(raw: number[], y: number[]): { a: number; b: number } {
  let a = 1,
    b = 0;
  for (let step = 0; step < 500 && raw.length > 0; step++) {
    let ga = 0,
      gb = 0;
    raw.forEach((s, i) => {
      const p = sigmoid(a * s + b);
      ga += (p - y[i]!) * s;
      gb += p - y[i]!;
    });
    a -= (0.5 * ga) / raw.length;
    b -= (0.5 * gb) / raw.length;
  }
  return { a, b };
}

/**
 * Platt scaling on the validation slice, where the outcome was known. Lateness: folded into its
 * base and leaves. The 30-day probability: per stage (stages.ts), whose invoices pay at different
 * paces the trees' shared leaves do not fully separate.
 */
function calibrate(model: BoostedModel, validation: Matrix, v: ReturnType<typeof labels>): void {
  const raw = rawScores(model, validation.rows, validation.n);
  const rows = Array.from({ length: validation.n }, (_, i) => i);
  const late = rows.filter((i) => v.w[i * 2]! > 0);
  const { a, b } = platt(
    late.map((i) => raw[i * 2]!),
    late.map((i) => v.y[i * 2]!),
  );
  model.base[0] = Math.fround(model.base[0]! * a + b);
  for (const t of model.trees) if (t.output === 0) t.tree.value = t.tree.value.map((x) => Math.fround(x * a));
  const staged = rows
    .filter((i) => v.w[i * 2 + 1]! > 0)
    .map((i) => ({
      i,
      stage: stageOf(
        validation.rows[i * validation.width + model.openIndex]! -
          validation.rows[i * validation.width + model.termsIndex]!,
      ),
    }));
  const fitted = perStage(staged, (members) =>
    platt(
      members.map(({ i }) => raw[i * 2 + 1]!),
      members.map(({ i }) => v.y[i * 2 + 1]!),
    ),
  );
  model.within30Calibration = { a: fitted.map((p) => p.a), b: fitted.map((p) => p.b) };
}

/** As the networks: the least factor per stage that brings 80% of validation payments within the days shown. */
function conformalScales(model: BoostedModel, validation: Matrix, target: Target): number[] {
  const raw = rawScores(model, validation.rows, validation.n);
  const scored = Array.from(target.values, (payDay, i) => {
    const [q10, q50, q90] = [raw[i * 3]!, raw[i * 3 + 1]!, raw[i * 3 + 2]!];
    const daysOpen = validation.rows[i * validation.width + model.openIndex]!;
    const terms = validation.rows[i * validation.width + model.termsIndex]!;
    const left = payDay - daysOpen;
    const [low, high] = [Math.max(q50 - q10, 1e-6), Math.max(q90 - q50, 1e-6)];
    // floor(daysOpen + max(0, q50 - s·low)) <= payDay and ceil(daysOpen + max(0, q50 + s·high)) >= payDay.
    const forLow = (q50 - left - 1) / low;
    const forHigh = left > 1 ? (left - 1 - q50) / high : 0;
    return { stage: stageOf(daysOpen - terms), score: Math.max(forLow, forHigh) };
  });
  return perStage(scored, conformalFactor);
}
