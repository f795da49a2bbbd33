/**
 * Builds the ONNX graph of a trained network from its weights (there is no tf2onnx in
 * JavaScript): the same clip, standardise, dense layers and output head as network.ts.
 * IR version 8 and opset 13, which onnxruntime-node and onnxruntime-web both run.
 */
import onnxProto from 'onnx-proto';
import { type NetWeights } from './network';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

export const INPUT_NAME = 'features';
export const OUTPUT_NAMES = { risk: 'lateProbability', 'payment-date': 'payDate' } as const;

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
  const terms = w.kind === 'payment-date' ? column(INPUT_NAME, w.termsIndex, 'terms') : '';

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
    if (w.kind === 'risk') return node('Sigmoid', [out], `${p}probability`);
    const p50 = node('Add', [column(out, 1, `${p}mid`), terms], `${p}p50`);
    const lowGap = node('Softplus', [column(out, 0, `${p}low_gap_raw`)], `${p}low_gap`);
    const highGap = node('Softplus', [column(out, 2, `${p}high_gap_raw`)], `${p}high_gap`);
    return node('Concat', [lowGap, p50, highGap], `${p}gaps`, axis1);
  });
  const outputName = OUTPUT_NAMES[w.kind];
  if (w.kind === 'risk') {
    node('Mean', memberOutputs, outputName);
  } else {
    // Averaged gaps, scaled (conformal), around the averaged P50, as network.ts `predict`.
    const averaged = node('Mean', memberOutputs, 'gaps_mean');
    init.push(floats('interval_scale', [1], Float32Array.of(w.intervalScale)));
    const mid = column(averaged, 1, 'mean_p50');
    const low = node(
      'Sub',
      [mid, node('Mul', [column(averaged, 0, 'mean_low_gap'), 'interval_scale'], 'low_gap_scaled')],
      'p10',
    );
    const high = node(
      'Add',
      [mid, node('Mul', [column(averaged, 2, 'mean_high_gap'), 'interval_scale'], 'high_gap_scaled')],
      'p90',
    );
    node('Concat', [low, mid, high], outputName, axis1);
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
      output: [tensorType(outputName, ['batch', w.kind === 'risk' ? 1 : 3])],
    }),
  });
  return onnx.ModelProto.encode(model).finish();
}
