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
const ints = (name: string, values: number[]) => onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, int64Data: values });

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
  const init = [
    floats('clip_min', [w.inputs], w.scaling.min),
    floats('clip_max', [w.inputs], w.scaling.max),
    floats('mean', [w.inputs], w.scaling.mean),
    floats('std', [w.inputs], w.scaling.std),
    floats('w2', [w.hidden || w.inputs, w.outputs], w.w2),
    floats('b2', [w.outputs], w.b2),
  ];
  let h = node('Div', [node('Sub', [node('Min', [node('Max', [INPUT_NAME, 'clip_min'], 'clipped_low'), 'clip_max'], 'clipped'), 'mean'], 'centered'), 'std'], 'standardized');
  if (w.hidden > 0) {
    init.push(floats('w1', [w.inputs, w.hidden], w.w1), floats('b1', [w.hidden], w.b1));
    h = node('Relu', [node('Add', [node('MatMul', [h, 'w1'], 'hidden_mm'), 'b1'], 'hidden_pre')], 'hidden');
  }
  const out = node('Add', [node('MatMul', [h, 'w2'], 'out_mm'), 'b2'], 'out');
  const outputName = OUTPUT_NAMES[w.kind];
  let outputDims: Array<number | string>;
  if (w.kind === 'risk') {
    node('Sigmoid', [out], outputName);
    outputDims = ['batch', 1];
  } else {
    const axis1 = [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 })];
    const column = (source: string, index: number, name: string) => {
      init.push(ints(`${name}_index`, [index]));
      return node('Gather', [source, `${name}_index`], name, axis1);
    };
    const p50 = node('Add', [column(out, 1, 'mid'), column(INPUT_NAME, w.termsIndex, 'terms')], 'p50');
    init.push(floats('margin', [1], Float32Array.of(w.intervalMargin)));
    const gap = (index: number, name: string) => node('Add', [node('Softplus', [column(out, index, `${name}_raw`)], `${name}_soft`), 'margin'], name);
    const p10 = node('Sub', [p50, gap(0, 'low_gap')], 'p10');
    const p90 = node('Add', [p50, gap(2, 'high_gap')], 'p90');
    node('Concat', [p10, p50, p90], outputName, axis1);
    outputDims = ['batch', 3];
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
      output: [tensorType(outputName, outputDims)],
    }),
  });
  return onnx.ModelProto.encode(model).finish();
}
