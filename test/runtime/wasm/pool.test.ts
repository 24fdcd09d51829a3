import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { QModel, QOp } from '../../../src/runtime/model.ts';
import { runModel } from '../../../src/runtime/run-model.ts';
import { createWasmRunner } from '../../../src/runtime/wasm/wasm-runner.ts';
import { fillArb, fillInts } from './arbitraries.ts';
import { FLAT_DEPTH } from './conv-model.ts';

const QUANT = { zeroPoint: 0, scaleMultiplier: 1 << 30, scaleExponent: 0 };

const poolArb = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    c: fc.integer({ min: 1, max: 5 }),
    h: fc.integer({ min: 1, max: 40 }),
    w: fc.integer({ min: 1, max: 40 }),
    kernel: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    pads: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
    dilations: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    // ONNX ceil_mode adds one more window that may run past the bottom/right padding.
    ceil: fc.tuple(fc.boolean(), fc.boolean()),
    rank: fc.constantFrom(3, 4),
    input: fillArb,
  })
  .map((s) => ({ ...s, h: s.rank === 3 ? 1 : s.h, kernel: [s.rank === 3 ? 1 : s.kernel[0], s.kernel[1]] as [number, number] }))
  .map((s) => {
    const size = (i: number, d: number, k: number, st: number, a: number, b: number, dil: number, ceil: boolean) => {
      const span = d + a + b - dil * (k - 1) - 1;
      return span < 0 ? 0 : (ceil ? Math.ceil(span / st) : Math.floor(span / st)) + 1;
    };
    const oh = size(0, s.h, s.kernel[0], s.strides[0], s.pads[0], s.pads[2], s.dilations[0], s.ceil[0]);
    const ow = size(1, s.w, s.kernel[1], s.strides[1], s.pads[1], s.pads[3], s.dilations[1], s.ceil[1]);
    return { ...s, oh, ow };
  })
  .filter((s) => s.oh >= 1 && s.ow >= 1);

test('wasm maxPool equals the reference kernel (strides, pads, dilations, ceil-mode windows, 1-D)', () => {
  fc.assert(
    fc.property(poolArb, (s) => {
      const spatial = (h: number, w: number) => (s.rank === 3 ? [w] : [h, w]);
      const model: QModel = {
        version: 1,
        inputs: [{ name: 'x', value: 0, quant: QUANT }],
        outputs: [{ name: 'y', value: 1, quant: QUANT }],
        values: [{ name: 'x', shape: [s.n, s.c, ...spatial(s.h, s.w)] }, { name: 'y', shape: [s.n, s.c, ...spatial(s.oh, s.ow)] }],
        constants: [],
        ops: [{ kind: 'maxPool', input: { value: 0 }, kernel: s.kernel, strides: s.strides, pads: s.pads, dilations: s.dilations, depth: FLAT_DEPTH } as QOp],
      };
      const input = Int8Array.from(fillInts(s.input, s.n * s.c * s.h * s.w, -128, 127));
      const runner = createWasmRunner();
      assert.deepEqual(runModel(model, [input], runner), runModel(model, [input]));
      assert.equal(runner.stats.wasm, 1);
    }),
    { numRuns: 400 },
  );
});
