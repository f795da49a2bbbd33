/**
 * Builds the ONNX graph of a trained model from its parameters (there is no tf2onnx in
 * JavaScript): for a network the same clip, standardise, dense layers and heads as network.ts;
 * for boosted trees a TreeEnsembleRegressor and the heads of boosting.ts.
 */
import { type BoostedModel } from './boosting';
import { attribute, graph, INPUT_NAME, OUTPUT_NAMES } from './onnx-graph';
import { type NetWeights } from './network';

export { INPUT_NAME, OUTPUT_NAMES } from './onnx-graph';

const axis1 = [attribute.int('axis', 1)];

export function exportOnnx(w: NetWeights, docString: string): Uint8Array {
  const g = graph();
  const { node, column } = g;
  g.floats('clip_min', [w.inputs], w.scaling.min);
  g.floats('clip_max', [w.inputs], w.scaling.max);
  g.floats('mean', [w.inputs], w.scaling.mean);
  g.floats('std', [w.inputs], w.scaling.std);
  const clipped = node('Min', [node('Max', [INPUT_NAME, 'clip_min'], 'clipped_low'), 'clip_max'], 'clipped');
  const standardized = node('Div', [node('Sub', [clipped, 'mean'], 'centered'), 'std'], 'standardized');
  const terms = column(INPUT_NAME, w.termsIndex, 'terms');
  const daysOpen = column(INPUT_NAME, w.openIndex, 'days_open');
  const pastDue = w.kind === 'risk' ? g.pastDue(daysOpen, terms) : '';

  // Each member as in network.ts `forward`, then the average.
  const memberOutputs = w.members.map((m, k) => {
    const p = `m${k}_`;
    g.floats(`${p}w2`, [w.hidden || w.inputs, w.outputs], m.w2);
    g.floats(`${p}b2`, [w.outputs], m.b2);
    let h = standardized;
    if (w.hidden > 0) {
      g.floats(`${p}w1`, [w.inputs, w.hidden], m.w1);
      g.floats(`${p}b1`, [w.hidden], m.b1);
      h = node(
        'Relu',
        [node('Add', [node('MatMul', [h, `${p}w1`], `${p}hidden_mm`), `${p}b1`], `${p}hidden_pre`)],
        `${p}hidden`,
      );
    }
    const out = node('Add', [node('MatMul', [h, `${p}w2`], `${p}out_mm`), `${p}b2`], `${p}out`);
    if (w.kind === 'risk') {
      const probabilities = node('Sigmoid', [out], `${p}sigmoid`);
      const late = node('Max', [column(probabilities, 0, `${p}late_raw`), pastDue], `${p}late`);
      return node('Concat', [late, column(probabilities, 1, `${p}within`)], `${p}probabilities`, axis1);
    }
    const z = node('Sub', [node('Add', [column(out, 1, `${p}mid`), terms], `${p}from_due`), daysOpen], `${p}z`);
    const lowGap = node('Softplus', [column(out, 0, `${p}low_gap_raw`)], `${p}low_gap`);
    const highGap = node('Softplus', [column(out, 2, `${p}high_gap_raw`)], `${p}high_gap`);
    return node('Concat', [lowGap, z, highGap], `${p}gaps`, axis1);
  });
  const outputName = OUTPUT_NAMES[w.kind];
  if (w.kind === 'risk') {
    node('Mean', memberOutputs, outputName);
  } else {
    // The averaged gaps, scaled per stage (conformal), around the averaged z.
    const averaged = node('Mean', memberOutputs, 'gaps_mean');
    const intervalScale = g.stageValue(daysOpen, terms, w.intervalScales, 'scale');
    const z = column(averaged, 1, 'mean_z');
    // days open + softplus, as network.ts `payDayHead`.
    const payDay = (from: string, name: string) =>
      node('Add', [daysOpen, node('Softplus', [from], `${name}_after`)], name);
    const scaled = (index: number, name: string) =>
      node('Mul', [column(averaged, index, `mean_${name}`), intervalScale], `${name}_scaled`);
    const low = payDay(node('Sub', [z, scaled(0, 'low_gap')], 'z_low'), 'p10');
    const high = payDay(node('Add', [z, scaled(2, 'high_gap')], 'z_high'), 'p90');
    node('Concat', [low, payDay(z, 'p50'), high], outputName, axis1);
  }
  return g.finish(w.kind, w.inputs, w.outputs, docString);
}

/** Boosted trees: one TreeEnsembleRegressor for every output's trees, then boosting.ts `predictBoosted`'s heads. */
export function exportBoosted(model: BoostedModel, docString: string): Uint8Array {
  const g = graph();
  const { node, column } = g;
  const n = {
    tree: [] as number[],
    node: [] as number[],
    feature: [] as number[],
    value: [] as number[],
    mode: [] as string[],
    yes: [] as number[],
    no: [] as number[],
  };
  const target = { tree: [] as number[], node: [] as number[], id: [] as number[], weight: [] as number[] };
  // onnxruntime drops the base value of a target no leaf points to: an output that grew no tree
  // (early stopping kept none) gets one leaf of 0.
  const bare = Array.from({ length: model.outputs }, (_, k) => k).filter(
    (k) => !model.trees.some(({ output }) => output === k),
  );
  const zeroLeaf = { feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0] };
  [...model.trees, ...bare.map((output) => ({ output, tree: zeroLeaf }))].forEach(({ output, tree }, t) => {
    tree.feature.forEach((feature, i) => {
      const leaf = feature < 0;
      n.tree.push(t);
      n.node.push(i);
      n.feature.push(leaf ? 0 : feature);
      n.value.push(leaf ? 0 : tree.threshold[i]!);
      n.mode.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      n.yes.push(leaf ? 0 : tree.left[i]!);
      n.no.push(leaf ? 0 : tree.right[i]!);
      if (leaf) {
        target.tree.push(t);
        target.node.push(i);
        target.id.push(output);
        target.weight.push(tree.value[i]!);
      }
    });
  });
  const raw = node(
    'TreeEnsembleRegressor',
    [INPUT_NAME],
    'raw',
    [
      attribute.int('n_targets', model.outputs),
      attribute.ints('nodes_treeids', n.tree),
      attribute.ints('nodes_nodeids', n.node),
      attribute.ints('nodes_featureids', n.feature),
      attribute.floats('nodes_values', n.value),
      attribute.strings('nodes_modes', n.mode),
      attribute.ints('nodes_truenodeids', n.yes),
      attribute.ints('nodes_falsenodeids', n.no),
      attribute.ints('target_treeids', target.tree),
      attribute.ints('target_nodeids', target.node),
      attribute.ints('target_ids', target.id),
      attribute.floats('target_weights', target.weight),
      attribute.floats('base_values', model.base),
      attribute.string('aggregate_function', 'SUM'),
      attribute.string('post_transform', 'NONE'),
    ],
    'ai.onnx.ml',
  );
  const terms = column(INPUT_NAME, model.termsIndex, 'terms');
  const daysOpen = column(INPUT_NAME, model.openIndex, 'days_open');
  const outputName = OUTPUT_NAMES[model.kind];
  if (model.kind === 'risk') {
    const late = node(
      'Max',
      [node('Sigmoid', [column(raw, 0, 'late_logit')], 'late_raw'), g.pastDue(daysOpen, terms)],
      'late',
    );
    // The 30-day probability, calibrated per stage: sigmoid(a · raw + b).
    const { a, b } = model.within30Calibration;
    const logit = node(
      'Add',
      [
        node('Mul', [column(raw, 1, 'within_raw'), g.stageValue(daysOpen, terms, a, 'within_a')], 'within_scaled'),
        g.stageValue(daysOpen, terms, b, 'within_b'),
      ],
      'within_logit',
    );
    node('Concat', [late, node('Sigmoid', [logit], 'within')], outputName, axis1);
  } else {
    const [q10, q50, q90] = [column(raw, 0, 'q10'), column(raw, 1, 'q50'), column(raw, 2, 'q90')];
    const scale = g.stageValue(daysOpen, terms, model.intervalScales, 'scale');
    const gap = (a: string, b: string, name: string) =>
      node('Mul', [node('Relu', [node('Sub', [a, b], `${name}_raw`)], `${name}_gap`), scale], `${name}_scaled`);
    const low = node('Sub', [q50, gap(q50, q10, 'low')], 'low_left');
    const high = node('Add', [q50, gap(q90, q50, 'high')], 'high_left');
    const payDay = (left: string, name: string) => node('Add', [daysOpen, node('Relu', [left], `${name}_left`)], name);
    node('Concat', [payDay(low, 'p10'), payDay(q50, 'p50'), payDay(high, 'p90')], outputName, axis1);
  }
  return g.finish(model.kind, model.inputs, model.kind === 'risk' ? 2 : 3, docString, true);
}
