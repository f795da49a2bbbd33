/**
 * Builds the ONNX graph of a trained network from its weights (there is no tf2onnx in
 * JavaScript): the same clip, standardise, dense layers and output heads as network.ts.
 * IR version 8 and opset 13, which onnxruntime-node and onnxruntime-web both run.
 */
import onnxProto from 'onnx-proto';
import { scaleSteps, SCALE_STARTS, type NetWeights } from './network';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

export const INPUT_NAME = 'features';
export const OUTPUT_NAMES = { risk: 'probabilities', 'payment-date': 'payDate' } as const;

const floats = (name: string, dims: number[], values: Float32Array) =>
  onnx.TensorProto.create({ name, dims, dataType: FLOAT, floatData: Array.from(values) });
const ints = (name: string, values: number[]) =>
  onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, int64Data: values });

const tensorType = (name: string, dims: Array<number | string>) =>
  onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });

export function exportOnnx(w: NetWeights, docString: string): Uint8Array {
  const nodes: onnxProto.onnx.INodeProto[] = [];
  const node = (opType: string, inputs: string[], output: string, attribute: onnxProto.onnx.IAttributeProto[] = []) => {
    nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: [output], name: output, attribute }));
    return output;
  };
  const axis1 = [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 })];
  const init = [
    floats('clip_min', [w.inputs], w.scaling.min),
    floats('clip_max', [w.inputs], w.scaling.max),
    floats('mean', [w.inputs], w.scaling.mean),
    floats('std', [w.inputs], w.scaling.std),
  ];
  const column = (source: string, index: number, name: string) => {
    init.push(ints(`${name}_index`, [index]));
    return node('Gather', [source, `${name}_index`], name, axis1);
  };
  const standardized = node(
    'Div',
    [
      node(
        'Sub',
        [node('Min', [node('Max', [INPUT_NAME, 'clip_min'], 'clipped_low'), 'clip_max'], 'clipped'), 'mean'],
        'centered',
      ),
      'std',
    ],
    'standardized',
  );
  const terms = column(INPUT_NAME, w.termsIndex, 'terms');
  const daysOpen = column(INPUT_NAME, w.openIndex, 'days_open');
  const toFloat = [onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT })];
  const pastDue =
    w.kind === 'risk' ? node('Cast', [node('Greater', [daysOpen, terms], 'past_due_bool')], 'past_due', toFloat) : '';

  // Each member as in network.ts `forward`, then the average.
  const memberOutputs = w.members.map((m, k) => {
    const p = `m${k}_`;
    init.push(floats(`${p}w2`, [w.hidden || w.inputs, w.outputs], m.w2), floats(`${p}b2`, [w.outputs], m.b2));
    let h = standardized;
    if (w.hidden > 0) {
      init.push(floats(`${p}w1`, [w.inputs, w.hidden], m.w1), floats(`${p}b1`, [w.hidden], m.b1));
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
    // The averaged gaps, scaled (conformal), around the averaged z.
    const averaged = node('Mean', memberOutputs, 'gaps_mean');
    // The scale of each row's stage, as network.ts `stageScale`.
    init.push(floats('scale_first', [1], Float32Array.of(w.intervalScales[0]!)));
    const steps = scaleSteps(w.intervalScales);
    const daysPastDue = node('Sub', [daysOpen, terms], 'past_due_days');
    const intervalScale = SCALE_STARTS.reduce<string>((scale, start, k) => {
      init.push(
        floats(`scale_from_${k}`, [1], Float32Array.of(start)),
        floats(`scale_step_${k}`, [1], steps.subarray(k, k + 1)),
      );
      const reached = node(
        'Cast',
        [node('GreaterOrEqual', [daysPastDue, `scale_from_${k}`], `scale_reached_${k}_bool`)],
        `scale_reached_${k}`,
        toFloat,
      );
      return node('Add', [scale, node('Mul', [`scale_step_${k}`, reached], `scale_add_${k}`)], `scale_${k}`);
    }, 'scale_first');
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
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'dunwell-training',
    docString,
    opsetImport: [{ domain: '', version: 13 }],
    graph: onnx.GraphProto.create({
      name: `dunwell_${w.kind.replace('-', '_')}`,
      node: nodes,
      initializer: init,
      input: [tensorType(INPUT_NAME, ['batch', w.inputs])],
      output: [tensorType(outputName, ['batch', w.outputs])],
    }),
  });
  return onnx.ModelProto.encode(model).finish();
}
