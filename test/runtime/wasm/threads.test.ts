import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runModel } from '../../../src/runtime/run-model.ts';
import { createWasmRunner } from '../../../src/runtime/wasm/wasm-runner.ts';
import { convCaseArb, convShapeArb, type ConvShape } from './arbitraries.ts';
import { convModel } from './conv-model.ts';

test('a convolution split across two threads gives the same bits as the reference', () => {
  // Every split: parallelMinMacs 0. Wider images so several 128-position chunks exist.
  const wide = convShapeArb.map((s): ConvShape => ({ ...s, h: s.h + 10, w: s.w * 4 + 20 }));
  for (const [convLayout, parallelWorkerOnly] of [['direct', false], ['im2col', false], ['direct', true], ['im2col', true]] as const) {
    const runner = createWasmRunner({ threads: 2, parallelMinMacs: 0, convLayout, parallelWorkerOnly });
    try {
      fc.assert(
        fc.property(convCaseArb(wide.map((s) => (convLayout === 'direct' ? { ...s, strides: [1, 1] as [number, number] } : s))), ({ conv, input }) => {
          const model = convModel(conv);
          assert.deepEqual(runModel(model, [input], runner), runModel(model, [input]));
        }),
        { numRuns: 40 },
      );
      assert.equal(runner.stats.reference, 0);
    } finally {
      runner.close();
    }
  }
});
