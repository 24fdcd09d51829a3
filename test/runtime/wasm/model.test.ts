import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildLargeCnn, largeCnnInput } from '../../../bench/models/large-cnn.ts';
import { importOnnx } from '../../../src/runtime/import-onnx.ts';
import type { QModel, QOp } from '../../../src/runtime/model.ts';
import { runModel } from '../../../src/runtime/run-model.ts';
import { int32Tensor, int8Tensor } from '../../../src/runtime/tensor.ts';
import { createWasmRunner } from '../../../src/runtime/wasm/wasm-runner.ts';
import { fillArb, fillInts } from './arbitraries.ts';
import { FLAT_DEPTH } from './conv-model.ts';

const QUANT = { zeroPoint: 0, scaleMultiplier: 1 << 30, scaleExponent: 0 };

/**
 * A hand-built chain: conv 3x3 (C -> 8, Relu-like clamp) -> maxPool 2x2 -> depthwise conv 3x3 stride 2
 * -> grouped 1x1 conv -> reshape -> fc (-> 5). Constants from `fills`; import-like requant params.
 */
function chainModel(c: number, size: number, fills: { seed: number; mode: 'uniform' | 'edges' | 'mixed' | 'constant' }[]): QModel {
  let f = 0;
  const ints = (n: number, lo: number, hi: number) => fillInts(fills[f++ % fills.length], n, lo, hi);
  const constants: QModel['constants'] = [];
  const constant = (name: string, tensor: QModel['constants'][number]['tensor']) => constants.push({ name, tensor }) - 1;
  const channel = (m: number, k: number) => ({
    weights: constant('w', int8Tensor(k === 0 ? [m, 1] : [m, k], Int8Array.from(ints(m * Math.max(k, 1), -127, 127)))),
    bias: constant('b', int32Tensor([m], Int32Array.from(ints(m, -5000, 5000)))),
    multipliers: constant('mult', int32Tensor([m], Int32Array.from(ints(m, 2 ** 30, 2 ** 31 - 1)))),
    shifts: constant('shift', int32Tensor([m], Int32Array.from(ints(m, -12, -6)))),
  });
  const window = (k: number, s: number, p: number) => ({ kernel: [k, k] as [number, number], strides: [s, s] as [number, number], pads: [p, p, p, p] as [number, number, number, number], dilations: [1, 1] as [number, number], depth: FLAT_DEPTH });
  const half = Math.floor(size / 2);
  const quarter = Math.floor((half - 1) / 2) + 1;
  const ops = [
    { kind: 'conv', input: { value: 0 }, inputZp: -3, outputZp: -128, group: 1, ...channel(8, c * 9), ...window(3, 1, 1), actMin: -128, actMax: 127 },
    { kind: 'maxPool', input: { value: 1 }, ...window(2, 2, 0) },
    { kind: 'conv', input: { value: 2 }, inputZp: -128, outputZp: 5, group: 8, ...channel(8, 9), ...window(3, 2, 1), actMin: -128, actMax: 127 },
    { kind: 'conv', input: { value: 3 }, inputZp: 5, outputZp: 0, group: 2, ...channel(6, 4), ...window(1, 1, 0), actMin: 0, actMax: 127 },
    { kind: 'reshape', input: { value: 4 } },
    { kind: 'fc', input: { value: 5 }, inputZp: 0, outputZp: 1, ...channel(5, 6 * quarter * quarter), actMin: -128, actMax: 127 },
  ] as QOp[];
  // Weight shapes as the kernels read them: conv [M, C/group, kH, kW], fc [N, K].
  const reshape = (i: number, shape: number[]) => (constants[i].tensor = int8Tensor(shape, constants[i].tensor.data as Int8Array));
  reshape((ops[0] as { weights: number }).weights, [8, c, 3, 3]);
  reshape((ops[2] as { weights: number }).weights, [8, 1, 3, 3]);
  reshape((ops[3] as { weights: number }).weights, [6, 4, 1, 1]);
  return {
    version: 1,
    inputs: [{ name: 'x', value: 0, quant: QUANT }],
    outputs: [{ name: 'y', value: 6, quant: QUANT }],
    values: [
      { name: 'x', shape: [1, c, size, size] },
      { name: 'conv', shape: [1, 8, size, size] },
      { name: 'pool', shape: [1, 8, half, half] },
      { name: 'dw', shape: [1, 8, quarter, quarter] },
      { name: 'pw', shape: [1, 6, quarter, quarter] },
      { name: 'flat', shape: [1, 6 * quarter * quarter] },
      { name: 'y', shape: [1, 5] },
    ],
    constants,
    ops,
  };
}

test('runModel with the wasm runner equals the reference runner on random conv/pool/depthwise/grouped/fc chains', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 4, max: 13 }), fc.array(fillArb, { minLength: 1, maxLength: 8 }), fillArb, (c, size, fills, inputFill) => {
      const model = chainModel(c, size, fills);
      const input = Int8Array.from(fillInts(inputFill, c * size * size, -128, 127));
      const runner = createWasmRunner();
      const actual = runModel(model, [input], runner);
      assert.deepEqual(actual, runModel(model, [input]));
      assert.equal(runner.stats.wasm, 5); // every op but the reshape
    }),
    { numRuns: 60 },
  );
});

test('the imported ~49 MMAC benchmark CNN gives the same trace with the wasm runner as with the reference', () => {
  const cnn = buildLargeCnn();
  const model = importOnnx(cnn.bytes, { calibration: [[largeCnnInput(3)], [largeCnnInput(4)]] });
  const runner = createWasmRunner();
  for (const seed of [5, 6]) {
    // Equality needs no faithful input quantization: any int8 image will do.
    const input = Int8Array.from(largeCnnInput(seed), (v) => Math.round(v * 255) - 128);
    assert.deepEqual(runModel(model, [input], runner), runModel(model, [input]));
  }
  assert.equal(runner.stats.wasm, 2 * model.ops.filter((op) => op.kind !== 'reshape').length);
  assert.deepEqual([...runner.stats.fallbacks.keys()], ['other op']);
});
