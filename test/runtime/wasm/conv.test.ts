import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runModel } from '../../../src/runtime/run-model.ts';
import { createWasmRunner, type WasmRunnerOptions } from '../../../src/runtime/wasm/wasm-runner.ts';
import { convCaseArb, convShapeArb, INT32_MAX, INT32_MIN, type ConvShape } from './arbitraries.ts';
import { convModel, type ConvCase } from './conv-model.ts';

/** Runs one conv through the reference and the wasm runner; the wasm path must be taken and agree bit for bit. */
function checkConv(conv: ConvCase, input: Int8Array, options: WasmRunnerOptions = {}): void {
  const model = convModel(conv);
  const expected = runModel(model, [input])[1].data;
  const runner = createWasmRunner(options);
  const actual = runModel(model, [input], runner)[1].data;
  assert.deepEqual(runner.stats.fallbacks, new Map(), 'the wasm kernel ran');
  assert.deepEqual(actual, expected);
}

test('wasm conv equals the reference kernel: random shapes, groups, depthwise, strides, pads, dilations, zero points, requant params', () => {
  fc.assert(fc.property(convCaseArb(), ({ conv, input }) => checkConv(conv, input)), { numRuns: 400 });
});

test('wasm conv equals the reference in the direct layout (stride 1) and the im2col layout', () => {
  const stride1 = convShapeArb.map((s): ConvShape => ({ ...s, strides: [1, 1] })).filter((s) => s.h + s.pads[0] + s.pads[2] > (s.kernel[0] - 1) * s.dilations[0] && s.w + s.pads[1] + s.pads[3] > (s.kernel[1] - 1) * s.dilations[1]);
  fc.assert(fc.property(convCaseArb(stride1), ({ conv, input }) => checkConv(conv, input, { convLayout: 'direct' })), { numRuns: 200 });
  fc.assert(fc.property(convCaseArb(), ({ conv, input }) => checkConv(conv, input, { convLayout: 'im2col' })), { numRuns: 200 });
});

test('wasm conv equals the reference with large K up to the accumulator bound (K * 255 * 127 + |bias| < 2^31)', () => {
  // cg * 3 * 3 = K; 7281 channels per group gives K = 65529, just under 2^31 / (255 * 127) = 66310.
  const shapes = fc.record({ cg: fc.constantFrom(7281, 4000, 1023, 255), m: fc.integer({ min: 1, max: 5 }), pad: fc.nat(1) }).map(
    (s): ConvShape => ({ n: 1, c: s.cg, m: s.m, group: 1, h: 3, w: 3, kernel: [3, 3], strides: [1, 1], pads: [s.pad, s.pad, s.pad, s.pad], dilations: [1, 1] }),
  );
  fc.assert(
    fc.property(convCaseArb(shapes), fc.boolean(), (generated, worst) => {
      const { conv, input } = structuredClone(generated);
      const k = conv.weights.length / conv.outShape[1];
      // Worst case: every product is +-255 * 127 with one sign per channel, and the bias takes the rest
      // of the bound (|bias| + K * 255 * 127 = INT32_MAX), so the accumulator is exactly +-INT32_MAX.
      if (worst) {
        conv.inputZp = -128;
        input.fill(127);
        for (let m = 0; m < conv.bias.length; m++) {
          const sign = m % 2 === 0 ? 1 : -1;
          conv.weights.fill(127 * sign, m * k, (m + 1) * k);
          conv.bias[m] = sign * (INT32_MAX - 255 * 127 * k);
        }
      }
      checkConv(conv, input);
    }),
    { numRuns: 12 },
  );
});

test('wasm conv requantizes every int32 accumulator edge like the reference (INT32_MIN x INT32_MIN saturates)', () => {
  // Zero weights: the accumulator is the bias itself, so every (acc, multiplier, shift) edge is reachable.
  const accs = [INT32_MIN, INT32_MIN + 1, -(2 ** 30), -65536, -1, 0, 1, 2 ** 30 - 1, 2 ** 30, INT32_MAX - 1, INT32_MAX];
  const multipliers = [INT32_MIN, -(2 ** 30), -1, 0, 1, 2 ** 30, 2 ** 30 + 1, INT32_MAX];
  const shifts = [-31, -30, -16, -1, 0, 1, 15, 29, 30];
  const bias: number[] = [];
  const mults: number[] = [];
  const shs: number[] = [];
  for (const a of accs) for (const m of multipliers) for (const s of shifts) bias.push(a), mults.push(m), shs.push(s);
  const m = bias.length;
  for (const [c, group] of [[2, 1], [1, 1]]) {
    const conv: ConvCase = {
      inShape: [1, c, 3, 5], outShape: [1, m, 3, 5], group, kernel: [1, 1], strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1],
      inputZp: 0, outputZp: 0, actMin: -128, actMax: 127,
      weights: new Int8Array(m * c), bias: Int32Array.from(bias), multipliers: Int32Array.from(mults), shifts: Int32Array.from(shs),
    };
    for (const outputZp of [-128, 0, 127]) checkConv({ ...conv, outputZp }, new Int8Array(c * 15).fill(-128));
  }
});

test('conv ops the wasm path could not reproduce exactly fall back to the reference kernel', () => {
  const conv: ConvCase = {
    inShape: [1, 2, 2, 2], outShape: [1, 1, 2, 2], group: 1, kernel: [1, 1], strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1],
    inputZp: 0, outputZp: 0, actMin: -128, actMax: 127,
    weights: Int8Array.from([127, 127]), bias: Int32Array.from([INT32_MAX - 100]), multipliers: Int32Array.from([2 ** 30]), shifts: Int32Array.from([0]),
  };
  const model = convModel(conv);
  const input = Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const runner = createWasmRunner();
  assert.deepEqual(runModel(model, [input], runner)[1].data, runModel(model, [input])[1].data);
  assert.equal(runner.stats.wasm, 0);
  assert.deepEqual([...runner.stats.fallbacks.keys()], ['channel 0 may overflow int32']);
});

test('one runner serves several models and repacks when an op gets new constants', () => {
  const runner = createWasmRunner();
  fc.assert(
    fc.property(convCaseArb(), ({ conv, input }) => {
      const model = convModel(conv);
      const expected = runModel(model, [input])[1].data;
      assert.deepEqual(runModel(model, [input], runner)[1].data, expected);
      // Same op object, other weights: the cached packing must not be reused.
      const flipped = { ...model, constants: model.constants.map((c, i) => (i === 0 ? { ...c, tensor: { ...c.tensor, data: (c.tensor.data as Int8Array).map((w) => -Math.max(w, -127)) } } : c)) } as typeof model;
      assert.deepEqual(runModel(flipped, [input], runner)[1].data, runModel(flipped, [input])[1].data);
    }),
    { numRuns: 60 },
  );
});
