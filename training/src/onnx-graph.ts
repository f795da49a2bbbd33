/**
 * What both learners' ONNX graphs share: a builder of nodes and initialisers, and the output
 * heads that make a model conditional on the invoice being open at asOf (lateness certain
 * once past due; pay days never before asOf; the P10-P90 width per stage). IR version 8 and
 * opset 13 (ai.onnx.ml 3 for trees), which onnxruntime-node and onnxruntime-web both run.
 */
import onnxProto from 'onnx-proto';
import { type ModelKind } from './network';
import { scaleSteps, SCALE_STARTS } from './stages';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

export const INPUT_NAME = 'features';
export const OUTPUT_NAMES = { risk: 'probabilities', 'payment-date': 'payDate' } as const;

type Attribute = onnxProto.onnx.IAttributeProto;
const { AttributeType } = onnx.AttributeProto;
export const attribute = {
  int: (name: string, i: number): Attribute => onnx.AttributeProto.create({ name, type: AttributeType.INT, i }),
  ints: (name: string, ints: number[]): Attribute =>
    onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints }),
  floats: (name: string, floats: number[]): Attribute =>
    onnx.AttributeProto.create({ name, type: AttributeType.FLOATS, floats }),
  string: (name: string, s: string): Attribute =>
    onnx.AttributeProto.create({ name, type: AttributeType.STRING, s: new TextEncoder().encode(s) }),
  strings: (name: string, strings: string[]): Attribute =>
    onnx.AttributeProto.create({
      name,
      type: AttributeType.STRINGS,
      strings: strings.map((s) => new TextEncoder().encode(s)),
    }),
};

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

export interface Graph {
  node(opType: string, inputs: string[], output: string, attributes?: Attribute[], domain?: string): string;
  floats(name: string, dims: number[], values: ArrayLike<number>): string;
  /** Column `index` of a [N, k] tensor as [N, 1]. */
  column(source: string, index: number, name: string): string;
  /** 1 where asOf is after the due date (days open > terms), else 0. */
  pastDue(daysOpen: string, terms: string): string;
  /** The value of each row's stage, as stages.ts `stageValue`; `name` prefixes its nodes. */
  stageValue(daysOpen: string, terms: string, values: readonly number[], name: string): string;
  /** The model file: the graph with the features as input and the model's output. */
  finish(kind: ModelKind, inputs: number, outputs: number, docString: string, withTrees?: boolean): Uint8Array;
}

export function graph(): Graph {
  const nodes: onnxProto.onnx.INodeProto[] = [];
  const init: onnxProto.onnx.ITensorProto[] = [];
  const names = new Set<string>();
  const g: Graph = {
    node(opType, inputs, output, attributes = [], domain) {
      nodes.push(
        onnx.NodeProto.create({
          opType,
          input: inputs,
          output: [output],
          name: output,
          attribute: attributes,
          ...(domain ? { domain } : {}),
        }),
      );
      return output;
    },
    floats(name, dims, values) {
      if (!names.has(name)) {
        names.add(name);
        init.push(onnx.TensorProto.create({ name, dims, dataType: FLOAT, floatData: Array.from(values) }));
      }
      return name;
    },
    column(source, index, name) {
      init.push(onnx.TensorProto.create({ name: `${name}_index`, dims: [1], dataType: INT64, int64Data: [index] }));
      return g.node('Gather', [source, `${name}_index`], name, [attribute.int('axis', 1)]);
    },
    pastDue(daysOpen, terms) {
      return g.node('Cast', [g.node('Greater', [daysOpen, terms], 'past_due_bool')], 'past_due', [
        attribute.int('to', FLOAT),
      ]);
    },
    stageValue(daysOpen, terms, values, name) {
      const steps = scaleSteps(values);
      if (!names.has('past_due_days')) {
        names.add('past_due_days');
        g.node('Sub', [daysOpen, terms], 'past_due_days');
      }
      return SCALE_STARTS.reduce<string>(
        (value, start, k) => {
          g.floats(`stage_from_${k}`, [1], [start]);
          g.floats(`${name}_step_${k}`, [1], steps.subarray(k, k + 1));
          const reached = `stage_reached_${k}`;
          if (!names.has(reached)) {
            names.add(reached);
            g.node(
              'Cast',
              [g.node('GreaterOrEqual', ['past_due_days', `stage_from_${k}`], `${reached}_bool`)],
              reached,
              [attribute.int('to', FLOAT)],
            );
          }
          return g.node(
            'Add',
            [value, g.node('Mul', [`${name}_step_${k}`, reached], `${name}_add_${k}`)],
            `${name}_${k}`,
          );
        },
        g.floats(`${name}_first`, [1], Float32Array.of(values[0]!)),
      );
    },
    finish(kind, inputs, outputs, docString, withTrees = false) {
      const model = onnx.ModelProto.create({
        irVersion: 8,
        producerName: 'dunwell-training',
        docString,
        opsetImport: [{ domain: '', version: 13 }, ...(withTrees ? [{ domain: 'ai.onnx.ml', version: 3 }] : [])],
        graph: onnx.GraphProto.create({
          name: `dunwell_${kind.replace('-', '_')}`,
          node: nodes,
          initializer: init,
          input: [tensorType(INPUT_NAME, ['batch', inputs])],
          output: [tensorType(OUTPUT_NAMES[kind], ['batch', outputs])],
        }),
      });
      return onnx.ModelProto.encode(model).finish();
    },
  };
  return g;
}
