import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { multiplyByQuantizedMultiplier } from '../../../src/runtime/fixed-point.ts';
import { runModel } from '../../../src/runtime/run-model.ts';
import { instantiateKernels } from '../../../src/runtime/wasm/kernels-module.ts';
import { createWasmRunner } from '../../../src/runtime/wasm/wasm-runner.ts';
import { fcCaseArb, INT32_MAX, INT32_MIN } from './arbitraries.ts';
import { fcModel, type FcCase } from './conv-model.ts';

function checkFc(c: FcCase, input: Int8Array): void {
  const model = fcModel(c);
  const expected = runModel(model, [input])[1].data;
  const runner = createWasmRunner();
  const actual = runModel(model, [input], runner)[1].data;
  assert.deepEqual(runner.stats.fallbacks, new Map(), 'the wasm kernel ran');
  assert.deepEqual(actual, expected);
}

test('wasm fc equals the reference kernel: random rows, K, N, zero points, requant params, edge values', () => {
  fc.assert(fc.property(fcCaseArb(100), ({ fc: c, input }) => checkFc(c, input)), { numRuns: 400 });
});

test('wasm fc equals the reference with K up to the accumulator bound', () => {
  // 65793 = floor(INT32_MAX / (255 * 128)): the largest K whose accumulator fits int32 for any int8 weights.
  fc.assert(
    fc.property(fcCaseArb(65793, 2), fc.boolean(), (generated, worst) => {
      const { fc: c, input } = structuredClone(generated);
      const k = c.inShape[c.inShape.length - 1];
      if (worst && k * 255 * 127 <= INT32_MAX) {
        // Accumulators of exactly +-INT32_MAX: all products +-255 * 127 and the bias the rest of the bound.
        c.inputZp = -128;
        input.fill(127);
        for (let j = 0; j < c.bias.length; j++) {
          const sign = j % 2 === 0 ? 1 : -1;
          c.weights.fill(127 * sign, j * k, (j + 1) * k);
          c.bias[j] = sign * (INT32_MAX - 255 * 127 * k);
        }
      }
      checkFc(c, input);
    }),
    { numRuns: 20 },
  );
});

test('the wasm scalar requantization equals multiplyByQuantizedMultiplier on any int32 input', () => {
  const kernels = instantiateKernels();
  const int32 = fc.oneof(fc.constantFrom(INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX), fc.integer({ min: INT32_MIN, max: INT32_MAX }));
  const shift = fc.integer({ min: -31, max: 30 });
  fc.assert(
    fc.property(int32, int32, shift, (x, m, s) => {
      // + 0: the reference can return -0 (e.g. x = 0, m < 0), the same integer.
      assert.equal(kernels.mbqm(x, m, s), multiplyByQuantizedMultiplier(x, m, s) + 0);
    }),
    { numRuns: 20000 },
  );
  assert.equal(kernels.mbqm(INT32_MIN, INT32_MIN, 0), INT32_MAX);
});
