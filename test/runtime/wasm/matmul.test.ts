import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { QModel, QOp } from '../../../src/runtime/model.ts';
import { runModel } from '../../../src/runtime/run-model.ts';
import { createWasmRunner } from '../../../src/runtime/wasm/wasm-runner.ts';
import { fillArb, fillInts, INT32_MAX, INT32_MIN } from './arbitraries.ts';

const QUANT = { zeroPoint: 0, scaleMultiplier: 1 << 30, scaleExponent: 0 };
const int8 = fc.oneof(fc.constantFrom(-128, 127, 0), fc.integer({ min: -128, max: 127 }));

/** Batch dims of a and b that broadcast to each other (1 against d, missing leading dims). */
const batchArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom('both', 'a1', 'b1')), { maxLength: 2 }).chain((dims) =>
  fc.tuple(fc.nat(dims.length), fc.nat(dims.length)).map(([dropA, dropB]) => {
    const a = dims.map(([d, k]) => (k === 'a1' ? 1 : d));
    const b = dims.map(([d, k]) => (k === 'b1' ? 1 : d));
    return { a: a.slice(dropA), b: b.slice(dropB), out: dims.map(([d]) => d) };
  }),
);

test('wasm matmul equals the reference kernel (broadcast batch dims, zero points, requant edges)', () => {
  fc.assert(
    fc.property(
      batchArb, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }),
      fc.record({ aZp: int8, bZp: int8, outputZp: int8, act: fc.tuple(int8, int8), shift: fc.integer({ min: -31, max: 30 }), a: fillArb, b: fillArb }),
      fc.oneof(fc.integer({ min: 2 ** 30, max: INT32_MAX }), fc.integer({ min: INT32_MIN, max: INT32_MAX })),
      (batch, m, k, n, s, multiplier) => {
        // Output batch dims: the broadcast of a's and b's (right-aligned).
        const rank = Math.max(batch.a.length, batch.b.length);
        const outBatch = batch.out.slice(batch.out.length - rank);
        const aShape = [...batch.a, m, k];
        const bShape = [...batch.b, k, n];
        const outShape = [...outBatch, m, n];
        const [actMin, actMax] = s.act[0] <= s.act[1] ? s.act : [s.act[1], s.act[0]];
        const op = { kind: 'matmul', a: { value: 0 }, b: { value: 1 }, aZp: s.aZp, bZp: s.bZp, multiplier, shift: s.shift, outputZp: s.outputZp, actMin, actMax } as QOp;
        const model: QModel = {
          version: 1,
          inputs: [{ name: 'a', value: 0, quant: QUANT }, { name: 'b', value: 1, quant: QUANT }],
          outputs: [{ name: 'y', value: 2, quant: QUANT }],
          values: [{ name: 'a', shape: aShape }, { name: 'b', shape: bShape }, { name: 'y', shape: outShape }],
          constants: [],
          ops: [op],
        };
        const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
        const inputs = [Int8Array.from(fillInts(s.a, size(aShape), -128, 127)), Int8Array.from(fillInts(s.b, size(bShape), -128, 127))];
        const runner = createWasmRunner();
        assert.deepEqual(runModel(model, inputs, runner), runModel(model, inputs));
        assert.equal(runner.stats.wasm, 1);
      },
    ),
    { numRuns: 300 },
  );
});

test('wasm matmul at the accumulator bound (K = 33025, every product 255 * 255) equals the reference', () => {
  const k = 33025;
  for (const [aZp, value] of [[-128, 127], [127, -128]]) {
    const op = { kind: 'matmul', a: { value: 0 }, b: { value: 1 }, aZp, bZp: -128, multiplier: 2 ** 30 + 12345, shift: -24, outputZp: 3, actMin: -128, actMax: 127 } as QOp;
    const model: QModel = {
      version: 1,
      inputs: [{ name: 'a', value: 0, quant: QUANT }, { name: 'b', value: 1, quant: QUANT }],
      outputs: [{ name: 'y', value: 2, quant: QUANT }],
      values: [{ name: 'a', shape: [2, k] }, { name: 'b', shape: [k, 3] }, { name: 'y', shape: [2, 3] }],
      constants: [],
      ops: [op],
    };
    const inputs = [new Int8Array(2 * k).fill(value), new Int8Array(3 * k).fill(127)];
    const runner = createWasmRunner();
    assert.deepEqual(runModel(model, inputs, runner), runModel(model, inputs));
    assert.equal(runner.stats.wasm, 1);
  }
});
