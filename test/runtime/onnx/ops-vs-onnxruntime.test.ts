// Every supported op family, built as a single-op (or tiny) ONNX model with varied attributes,
// run through onnxruntime-web (float reference) and through import + int8 runtime.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attr, buildOnnxModel, type OnnxAttribute, type OnnxInitializer, type OnnxNode } from '../../../scripts/lib/onnx-builder.ts';
import { createOrtSession, ortFloatTensor, runOrt } from '../../../scripts/lib/ort.ts';
import { createPrng, normalArray } from '../../../scripts/lib/prng.ts';
import { dequantize, quantizeInput } from '../../../src/runtime/boundary.ts';
import { importOnnx } from '../../../src/runtime/import-onnx.ts';
import { outputsOf, runModel } from '../../../src/runtime/run-model.ts';

type Case = {
  name: string;
  inputs: { name: string; shape: number[] }[];
  weights?: { name: string; dims: number[]; std?: number; positive?: boolean }[];
  nodes: OnnxNode[];
  outShape: number[];
  opset?: number;
  tolerance?: number;
};

const TOLERANCE = 0.03;
const SAMPLES = 6;

async function check(c: Case): Promise<{ relError: number; ops: string[] }> {
  const prng = createPrng(c.name.length * 7919 + c.nodes.length);
  const initializers: OnnxInitializer[] = (c.weights ?? []).map((w) => {
    const data = normalArray(prng, w.dims.reduce((a, b) => a * b, 1), w.std ?? 0.5);
    if (w.positive) for (let i = 0; i < data.length; i++) data[i] = Math.abs(data[i]) + 0.5;
    return { name: w.name, dims: w.dims, data };
  });
  const opset = c.opset ?? 13;
  const bytes = buildOnnxModel({
    opsetVersion: opset,
    irVersion: opset >= 15 ? 8 : 7,
    inputs: c.inputs.map((i) => ({ name: i.name, type: 'float32', shape: i.shape })),
    outputs: [{ name: 'y', type: 'float32', shape: c.outShape }],
    initializers,
    nodes: c.nodes,
  });
  const samples = Array.from({ length: SAMPLES }, () => c.inputs.map((i) => normalArray(prng, i.shape.reduce((a, b) => a * b, 1), 1)));
  const session = await createOrtSession(bytes);
  const model = importOnnx(bytes, { calibration: samples, batch: c.inputs[0].shape[0] });
  // Error relative to the largest reference magnitude over all samples (the calibrated range).
  let err = 0;
  let max = 0;
  for (const sample of samples) {
    const feeds = Object.fromEntries(c.inputs.map((i, k) => [i.name, ortFloatTensor(sample[k], i.shape)]));
    const ref = (await runOrt(session, feeds)).y.data as Float32Array;
    const trace = runModel(model, sample.map((x, k) => quantizeInput(model, k, x)));
    const got = dequantize(outputsOf(model, trace)[0].data, model.outputs[0].quant);
    assert.equal(got.length, ref.length, `${c.name}: output size`);
    for (let i = 0; i < ref.length; i++) {
      err = Math.max(err, Math.abs(got[i] - ref[i]));
      max = Math.max(max, Math.abs(ref[i]));
    }
  }
  return { relError: err / max, ops: model.ops.map((o) => o.kind) };
}

const node = (opType: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}, outputs = ['y']): OnnxNode => ({ opType, inputs, outputs, attributes });

const cases: Case[] = [
  { name: 'conv 3x3 pads strides bias', inputs: [{ name: 'x', shape: [2, 3, 9, 8] }], weights: [{ name: 'w', dims: [5, 3, 3, 3] }, { name: 'b', dims: [5] }],
    nodes: [node('Conv', ['x', 'w', 'b'], { pads: attr.ints([1, 0, 2, 1]), strides: attr.ints([2, 1]) })], outShape: [2, 5, 5, 7] },
  { name: 'conv dilated no bias', inputs: [{ name: 'x', shape: [1, 2, 10, 10] }], weights: [{ name: 'w', dims: [4, 2, 3, 2] }],
    nodes: [node('Conv', ['x', 'w'], { dilations: attr.ints([2, 3]) })], outShape: [1, 4, 6, 7] },
  { name: 'conv grouped', inputs: [{ name: 'x', shape: [1, 4, 6, 6] }], weights: [{ name: 'w', dims: [6, 2, 3, 3] }, { name: 'b', dims: [6] }],
    nodes: [node('Conv', ['x', 'w', 'b'], { group: attr.int(2), pads: attr.ints([1, 1, 1, 1]) })], outShape: [1, 6, 6, 6] },
  { name: 'conv depthwise', inputs: [{ name: 'x', shape: [1, 4, 7, 7] }], weights: [{ name: 'w', dims: [4, 1, 3, 3] }],
    nodes: [node('Conv', ['x', 'w'], { group: attr.int(4), strides: attr.ints([2, 2]) })], outShape: [1, 4, 3, 3] },
  { name: 'conv auto_pad SAME_UPPER', inputs: [{ name: 'x', shape: [1, 2, 7, 6] }], weights: [{ name: 'w', dims: [3, 2, 4, 3] }],
    nodes: [node('Conv', ['x', 'w'], { auto_pad: attr.string('SAME_UPPER'), strides: attr.ints([2, 2]) })], outShape: [1, 3, 4, 3] },
  { name: 'conv auto_pad SAME_LOWER', inputs: [{ name: 'x', shape: [1, 2, 6, 6] }], weights: [{ name: 'w', dims: [3, 2, 2, 2] }],
    nodes: [node('Conv', ['x', 'w'], { auto_pad: attr.string('SAME_LOWER') })], outShape: [1, 3, 6, 6] },
  { name: 'conv 1-D', inputs: [{ name: 'x', shape: [2, 3, 12] }], weights: [{ name: 'w', dims: [4, 3, 3] }, { name: 'b', dims: [4] }],
    nodes: [node('Conv', ['x', 'w', 'b'], { pads: attr.ints([1, 1]) })], outShape: [2, 4, 12] },
  { name: 'conv 3-D strided padded', inputs: [{ name: 'x', shape: [1, 2, 5, 6, 6] }], weights: [{ name: 'w', dims: [3, 2, 3, 2, 3] }, { name: 'b', dims: [3] }],
    nodes: [node('Conv', ['x', 'w', 'b'], { pads: attr.ints([1, 0, 1, 1, 1, 0]), strides: attr.ints([2, 1, 2]) })], outShape: [1, 3, 3, 6, 3] },
  { name: 'conv 3-D dilated grouped', inputs: [{ name: 'x', shape: [1, 4, 6, 5, 5] }], weights: [{ name: 'w', dims: [4, 2, 2, 2, 2] }],
    nodes: [node('Conv', ['x', 'w'], { group: attr.int(2), dilations: attr.ints([2, 1, 2]) })], outShape: [1, 4, 4, 4, 3] },
  { name: 'maxpool 3-D', inputs: [{ name: 'x', shape: [1, 2, 6, 6, 6] }], nodes: [node('MaxPool', ['x'], { kernel_shape: attr.ints([3, 2, 2]), strides: attr.ints([2, 2, 2]), pads: attr.ints([1, 0, 0, 1, 0, 0]) })], outShape: [1, 2, 3, 3, 3] },
  { name: 'avgpool 3-D count_include_pad', inputs: [{ name: 'x', shape: [1, 2, 5, 5, 5] }], nodes: [node('AveragePool', ['x'], { kernel_shape: attr.ints([2, 3, 3]), pads: attr.ints([1, 1, 1, 0, 1, 1]), count_include_pad: attr.int(1) })], outShape: [1, 2, 5, 5, 5] },
  { name: 'global average pool 3-D', inputs: [{ name: 'x', shape: [2, 3, 3, 4, 2] }], nodes: [node('GlobalAveragePool', ['x'])], outShape: [2, 3, 1, 1, 1] },
  { name: 'batchnorm 3-D input', inputs: [{ name: 'x', shape: [2, 3, 2, 3, 3] }],
    weights: [{ name: 's', dims: [3] }, { name: 'bb', dims: [3] }, { name: 'm', dims: [3] }, { name: 'v', dims: [3], positive: true }],
    nodes: [node('BatchNormalization', ['x', 's', 'bb', 'm', 'v'])], outShape: [2, 3, 2, 3, 3] },
  { name: 'batchnorm 1-D input', inputs: [{ name: 'x', shape: [4, 3, 5] }],
    weights: [{ name: 's', dims: [3] }, { name: 'bb', dims: [3] }, { name: 'm', dims: [3] }, { name: 'v', dims: [3], positive: true }],
    nodes: [node('BatchNormalization', ['x', 's', 'bb', 'm', 'v'])], outShape: [4, 3, 5] },
  { name: 'maxpool 1-D', inputs: [{ name: 'x', shape: [2, 3, 11] }], nodes: [node('MaxPool', ['x'], { kernel_shape: attr.ints([3]), strides: attr.ints([2]), pads: attr.ints([1, 1]) })], outShape: [2, 3, 6] },
  { name: 'avgpool 1-D', inputs: [{ name: 'x', shape: [2, 3, 11] }], nodes: [node('AveragePool', ['x'], { kernel_shape: attr.ints([3]), strides: attr.ints([2]) })], outShape: [2, 3, 5] },
  { name: 'conv relu fused', inputs: [{ name: 'x', shape: [1, 3, 6, 6] }], weights: [{ name: 'w', dims: [4, 3, 3, 3] }],
    nodes: [node('Conv', ['x', 'w'], {}, ['c']), node('Relu', ['c'])], outShape: [1, 4, 4, 4] },
  { name: 'conv batchnorm folded', inputs: [{ name: 'x', shape: [1, 3, 6, 6] }],
    weights: [{ name: 'w', dims: [4, 3, 3, 3] }, { name: 's', dims: [4] }, { name: 'bb', dims: [4] }, { name: 'm', dims: [4] }, { name: 'v', dims: [4], positive: true }],
    nodes: [node('Conv', ['x', 'w'], {}, ['c']), node('BatchNormalization', ['c', 's', 'bb', 'm', 'v'], { epsilon: attr.float(1e-3) })], outShape: [1, 4, 4, 4] },
  { name: 'batchnorm standalone', inputs: [{ name: 'x', shape: [2, 3, 4, 4] }],
    weights: [{ name: 's', dims: [3] }, { name: 'bb', dims: [3] }, { name: 'm', dims: [3] }, { name: 'v', dims: [3], positive: true }],
    nodes: [node('BatchNormalization', ['x', 's', 'bb', 'm', 'v'])], outShape: [2, 3, 4, 4] },
  { name: 'gemm transB alpha beta', inputs: [{ name: 'x', shape: [3, 8] }], weights: [{ name: 'w', dims: [5, 8] }, { name: 'c', dims: [5] }],
    nodes: [node('Gemm', ['x', 'w', 'c'], { transB: attr.int(1), alpha: attr.float(0.7), beta: attr.float(1.5) })], outShape: [3, 5] },
  { name: 'gemm transA full C', inputs: [{ name: 'x', shape: [8, 3] }], weights: [{ name: 'w', dims: [8, 4] }, { name: 'c', dims: [3, 4] }],
    nodes: [node('Gemm', ['x', 'w', 'c'], { transA: attr.int(1) })], outShape: [3, 4] },
  { name: 'gemm two activations', inputs: [{ name: 'a', shape: [3, 6] }, { name: 'b', shape: [4, 6] }],
    nodes: [node('Gemm', ['a', 'b'], { transB: attr.int(1), alpha: attr.float(0.5) })], outShape: [3, 4] },
  { name: 'matmul constant weight 3-D', inputs: [{ name: 'x', shape: [2, 3, 6] }], weights: [{ name: 'w', dims: [6, 4] }],
    nodes: [node('MatMul', ['x', 'w'])], outShape: [2, 3, 4] },
  { name: 'matmul batched activations broadcast', inputs: [{ name: 'a', shape: [2, 3, 5] }, { name: 'b', shape: [1, 5, 4] }],
    nodes: [node('MatMul', ['a', 'b'])], outShape: [2, 3, 4] },
  { name: 'add broadcast', inputs: [{ name: 'a', shape: [2, 3, 4] }, { name: 'b', shape: [3, 1] }], nodes: [node('Add', ['a', 'b'])], outShape: [2, 3, 4] },
  { name: 'sub constant', inputs: [{ name: 'a', shape: [2, 5] }], weights: [{ name: 'c', dims: [5] }], nodes: [node('Sub', ['a', 'c'])], outShape: [2, 5] },
  { name: 'mul broadcast', inputs: [{ name: 'a', shape: [2, 3, 4] }, { name: 'b', shape: [4] }], nodes: [node('Mul', ['a', 'b'])], outShape: [2, 3, 4] },
  { name: 'neg', inputs: [{ name: 'x', shape: [3, 7] }], nodes: [node('Neg', ['x'])], outShape: [3, 7] },
  { name: 'sigmoid', inputs: [{ name: 'x', shape: [3, 7] }], nodes: [node('Sigmoid', ['x'])], outShape: [3, 7] },
  { name: 'tanh', inputs: [{ name: 'x', shape: [3, 7] }], nodes: [node('Tanh', ['x'])], outShape: [3, 7] },
  { name: 'leakyrelu', inputs: [{ name: 'x', shape: [3, 7] }], nodes: [node('LeakyRelu', ['x'], { alpha: attr.float(0.2) })], outShape: [3, 7] },
  { name: 'clip inputs', inputs: [{ name: 'x', shape: [3, 7] }],
    nodes: [{ opType: 'Constant', inputs: [], outputs: ['lo'], attributes: { value: attr.tensor({ dims: [], data: Float32Array.of(-0.5) }) } },
      { opType: 'Constant', inputs: [], outputs: ['hi'], attributes: { value: attr.tensor({ dims: [], data: Float32Array.of(0.8) }) } },
      node('Clip', ['x', 'lo', 'hi'])], outShape: [3, 7] },
  { name: 'clip attributes opset 6', opset: 6, inputs: [{ name: 'x', shape: [3, 7] }], nodes: [node('Clip', ['x'], { min: attr.float(-0.3), max: attr.float(1.2) })], outShape: [3, 7] },
  { name: 'softmax last axis', inputs: [{ name: 'x', shape: [2, 3, 10] }], nodes: [node('Softmax', ['x'])], outShape: [2, 3, 10] },
  { name: 'softmax middle axis', inputs: [{ name: 'x', shape: [2, 6, 3] }], nodes: [node('Softmax', ['x'], { axis: attr.int(1) })], outShape: [2, 6, 3] },
  { name: 'softmax opset 11 coerced 2-D', opset: 11, inputs: [{ name: 'x', shape: [2, 3, 4] }], nodes: [node('Softmax', ['x'], { axis: attr.int(1) })], outShape: [2, 3, 4] },
  { name: 'maxpool pads strides', inputs: [{ name: 'x', shape: [1, 3, 9, 9] }], nodes: [node('MaxPool', ['x'], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]), strides: attr.ints([2, 2]) })], outShape: [1, 3, 5, 5] },
  { name: 'maxpool ceil dilations', inputs: [{ name: 'x', shape: [1, 2, 8, 8] }], nodes: [node('MaxPool', ['x'], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([3, 3]), ceil_mode: attr.int(1), dilations: attr.ints([2, 1]) })], outShape: [1, 2, 3, 3] },
  { name: 'avgpool count_include_pad', inputs: [{ name: 'x', shape: [1, 2, 7, 7] }], nodes: [node('AveragePool', ['x'], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]), strides: attr.ints([2, 2]), count_include_pad: attr.int(1) })], outShape: [1, 2, 4, 4] },
  { name: 'avgpool exclude pad', inputs: [{ name: 'x', shape: [1, 2, 7, 7] }], nodes: [node('AveragePool', ['x'], { kernel_shape: attr.ints([3, 2]), pads: attr.ints([1, 0, 1, 1]) })], outShape: [1, 2, 7, 7] },
  { name: 'global average pool', inputs: [{ name: 'x', shape: [2, 3, 5, 4] }], nodes: [node('GlobalAveragePool', ['x'])], outShape: [2, 3, 1, 1] },
  { name: 'flatten reshape transpose', inputs: [{ name: 'x', shape: [2, 3, 4] }],
    nodes: [node('Transpose', ['x'], { perm: attr.ints([2, 0, 1]) }, ['t']), node('Flatten', ['t'], { axis: attr.int(2) }, ['f']),
      { opType: 'Constant', inputs: [], outputs: ['shape'], attributes: { value: attr.tensor({ dims: [2], data: BigInt64Array.of(-1n, 6n) }) } },
      node('Reshape', ['f', 'shape'])], outShape: [4, 6] },
  { name: 'pytorch-style flatten: Shape, Gather, Unsqueeze, Concat, Reshape (opset 11)', opset: 11, inputs: [{ name: 'x', shape: [2, 3, 2, 2] }],
    nodes: [node('Shape', ['x'], {}, ['s']),
      { opType: 'Constant', inputs: [], outputs: ['i0'], attributes: { value: attr.tensor({ dims: [], data: BigInt64Array.of(0n) }) } },
      node('Gather', ['s', 'i0'], { axis: attr.int(0) }, ['n']),
      node('Unsqueeze', ['n'], { axes: attr.ints([0]) }, ['n1']),
      { opType: 'Constant', inputs: [], outputs: ['m1'], attributes: { value: attr.tensor({ dims: [1], data: BigInt64Array.of(-1n) }) } },
      node('Concat', ['n1', 'm1'], { axis: attr.int(0) }, ['shape']),
      node('Reshape', ['x', 'shape'], {}, ['f']), node('Relu', ['f'])], outShape: [2, 12] },
  { name: 'squeeze and unsqueeze activations (opset 13)', inputs: [{ name: 'x', shape: [2, 1, 5] }],
    nodes: [{ opType: 'Constant', inputs: [], outputs: ['ax'], attributes: { value: attr.tensor({ dims: [1], data: BigInt64Array.of(1n) }) } },
      { opType: 'Constant', inputs: [], outputs: ['ax2'], attributes: { value: attr.tensor({ dims: [1], data: BigInt64Array.of(-1n) }) } },
      node('Squeeze', ['x', 'ax'], {}, ['s']), node('Unsqueeze', ['s', 'ax2'], {}, ['u']), node('Sigmoid', ['u'])], outShape: [2, 5, 1] },
  { name: 'identity and dropout', inputs: [{ name: 'x', shape: [2, 4] }], weights: [{ name: 'w', dims: [3, 4] }],
    nodes: [node('Identity', ['x'], {}, ['i']), node('Dropout', ['i'], {}, ['d']), node('Gemm', ['d', 'w'], { transB: attr.int(1) })], outShape: [2, 3] },
];

describe('importer + int8 runtime vs onnxruntime-web, per op family', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const { relError, ops } = await check(c);
      assert.ok(relError <= (c.tolerance ?? TOLERANCE), `${c.name}: relative error ${relError.toFixed(4)} > ${TOLERANCE} (ops ${ops.join(',')})`);
    });
  }
});
