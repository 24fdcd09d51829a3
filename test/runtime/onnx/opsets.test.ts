// One small CNN written for opsets 7 to 21 (the op versions change across them: Softmax,
// Clip, Dropout, BatchNormalization, pools): the importer must read each the same way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attr, buildOnnxModel, type OnnxNode } from '../../../scripts/lib/onnx-builder.ts';
import { createOrtSession, ortFloatTensor, runOrt } from '../../../scripts/lib/ort.ts';
import { createPrng, normalArray } from '../../../scripts/lib/prng.ts';
import { dequantize, quantizeInput } from '../../../src/runtime/boundary.ts';
import { importOnnx } from '../../../src/runtime/import-onnx.ts';
import { outputsOf, runModel } from '../../../src/runtime/run-model.ts';

const IR_VERSION: Record<number, number> = { 7: 3, 9: 4, 11: 6, 13: 7, 15: 8, 17: 8, 19: 9, 21: 10 };

function smallCnn(opset: number): Uint8Array {
  const p = createPrng(42);
  const clip: OnnxNode =
    opset < 11
      ? { opType: 'Clip', inputs: ['b'], outputs: ['r'], attributes: { min: attr.float(0), max: attr.float(6) } }
      : { opType: 'Clip', inputs: ['b', 'lo', 'hi'], outputs: ['r'] };
  return buildOnnxModel({
    opsetVersion: opset,
    irVersion: IR_VERSION[opset],
    inputs: [{ name: 'x', type: 'float32', shape: ['N', 3, 8, 8] }],
    outputs: [{ name: 'y', type: 'float32', shape: ['N', 5] }],
    initializers: [
      { name: 'w', dims: [4, 3, 3, 3], data: normalArray(p, 108, 0.4) },
      { name: 's', dims: [4], data: Float32Array.of(1, 0.5, 1.5, 0.8) },
      { name: 'bb', dims: [4], data: Float32Array.of(0.1, -0.2, 0, 0.3) },
      { name: 'm', dims: [4], data: Float32Array.of(0, 0.1, -0.1, 0.2) },
      { name: 'v', dims: [4], data: Float32Array.of(1, 0.5, 2, 1.2) },
      { name: 'fw', dims: [5, 64], data: normalArray(p, 320, 0.2) },
      { name: 'fb', dims: [5], data: normalArray(p, 5, 0.1) },
      ...(opset >= 11 ? [{ name: 'lo', dims: [], data: Float32Array.of(0) }, { name: 'hi', dims: [], data: Float32Array.of(6) }] : []),
    ],
    nodes: [
      { opType: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attributes: { pads: attr.ints([1, 1, 1, 1]) } },
      { opType: 'BatchNormalization', inputs: ['c', 's', 'bb', 'm', 'v'], outputs: ['b'] },
      clip,
      { opType: 'MaxPool', inputs: ['r'], outputs: ['mp'], attributes: { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) } },
      { opType: 'Dropout', inputs: ['mp'], outputs: ['d'] },
      { opType: 'Flatten', inputs: ['d'], outputs: ['f'] },
      { opType: 'Gemm', inputs: ['f', 'fw', 'fb'], outputs: ['g'], attributes: { transB: attr.int(1) } },
      { opType: 'Softmax', inputs: ['g'], outputs: ['y'], attributes: { axis: attr.int(1) } },
    ],
  });
}

describe('the same model across opsets', () => {
  const p = createPrng(7);
  const samples = Array.from({ length: 8 }, () => [normalArray(p, 192, 1)]);
  for (const opset of Object.keys(IR_VERSION).map(Number)) {
    it(`opset ${opset}`, async () => {
      const bytes = smallCnn(opset);
      const model = importOnnx(bytes, { calibration: samples });
      assert.deepEqual(model.ops.map((o) => o.kind), ['conv', 'maxPool', 'reshape', 'fc', 'softmax'], 'BatchNorm folded, Clip fused, Dropout gone');
      const session = await createOrtSession(bytes);
      let err = 0;
      for (const [x] of samples) {
        const ref = (await runOrt(session, { x: ortFloatTensor(x, [1, 3, 8, 8]) })).y.data as Float32Array;
        const got = dequantize(outputsOf(model, runModel(model, [quantizeInput(model, 0, x)]))[0].data, model.outputs[0].quant);
        for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(got[i] - ref[i]));
      }
      assert.ok(err <= 0.03, `max error ${err} on softmax outputs`);
    });
  }
});
