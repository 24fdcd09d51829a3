import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { QModel, QOp } from '../../../src/runtime/model.ts';
import { runModel } from '../../../src/runtime/run-model.ts';
import { createWasmRunner } from '../../../src/runtime/wasm/wasm-runner.ts';
import { fillArb, fillInts, INT32_MAX, INT32_MIN } from './arbitraries.ts';

const QUANT = { zeroPoint: 0, scaleMultiplier: 1 << 30, scaleExponent: 0 };
const int8 = fc.oneof(fc.constantFrom(-128, 127, 0), fc.integer({ min: -128, max: 127 }));
const importMultiplier = fc.integer({ min: 2 ** 30, max: INT32_MAX });
const anyMultiplier = fc.oneof(fc.constantFrom(INT32_MIN, 0, -1), fc.integer({ min: INT32_MIN, max: INT32_MAX }));

/** An output shape and operand shapes that broadcast to it (dims dropped from the front or set to 1). */
const shapesArb = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }).chain((out) => {
  const operand = fc.tuple(fc.nat(out.length - 1), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length })).map(([drop, ones]) =>
    out.map((d, i) => (ones[i] ? 1 : d)).slice(drop),
  );
  return fc.tuple(fc.constant(out), operand, operand);
});

function binaryModel(op: QOp, aShape: number[], bShape: number[], outShape: number[]): QModel {
  return {
    version: 1,
    inputs: [{ name: 'a', value: 0, quant: QUANT }, { name: 'b', value: 1, quant: QUANT }],
    outputs: [{ name: 'y', value: 2, quant: QUANT }],
    values: [{ name: 'a', shape: aShape }, { name: 'b', shape: bShape }, { name: 'y', shape: outShape }],
    constants: [],
    ops: [op],
  };
}

const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
const actArb = fc.tuple(int8, int8).map(([x, y]) => (x <= y ? [x, y] : [y, x]));

test('wasm add/sub equals the reference (broadcasting, zero points, import-like and arbitrary rescaling)', () => {
  fc.assert(
    fc.property(
      shapesArb, fc.boolean(), fc.boolean(), fc.record({ aZp: int8, bZp: int8, outputZp: int8, act: actArb, a: fillArb, b: fillArb }),
      fc.tuple(importMultiplier, importMultiplier, importMultiplier, fc.integer({ min: -31, max: -1 }), fc.integer({ min: -31, max: -1 }), fc.integer({ min: -31, max: 30 })),
      fc.option(fc.tuple(anyMultiplier, anyMultiplier, anyMultiplier, fc.integer({ min: -31, max: 30 }), fc.integer({ min: -31, max: 30 }))),
      ([outShape, aShape, bShape], subtract, swap, s, imported, arbitrary) => {
        const [aMultiplier, bMultiplier, outMultiplier, aShift, bShift, outShift] = arbitrary ? [...arbitrary, imported[5]] : imported;
        const op = {
          kind: 'add', a: { value: 0 }, b: { value: 1 }, subtract, aZp: s.aZp, bZp: s.bZp, aMultiplier, aShift, bMultiplier, bShift,
          outMultiplier, outShift, outputZp: s.outputZp, actMin: s.act[0], actMax: s.act[1],
        } as QOp;
        const [as, bs] = swap ? [bShape, aShape] : [aShape, bShape];
        const model = binaryModel(op, as, bs, outShape);
        const inputs = [Int8Array.from(fillInts(s.a, size(as), -128, 127)), Int8Array.from(fillInts(s.b, size(bs), -128, 127))];
        const runner = createWasmRunner();
        assert.deepEqual(runModel(model, inputs, runner), runModel(model, inputs));
        // Import-like rescaling (multipliers <= 1/2 before the output) always fits the wasm path.
        if (!arbitrary) assert.equal(runner.stats.wasm, 1);
      },
    ),
    { numRuns: 400 },
  );
});

test('wasm mul equals the reference (broadcasting, zero points, any multiplier and shift)', () => {
  fc.assert(
    fc.property(
      shapesArb, fc.record({ aZp: int8, bZp: int8, outputZp: int8, act: actArb, a: fillArb, b: fillArb }), fc.oneof(importMultiplier, anyMultiplier), fc.integer({ min: -31, max: 30 }),
      ([outShape, aShape, bShape], s, multiplier, shift) => {
        const op = { kind: 'mul', a: { value: 0 }, b: { value: 1 }, aZp: s.aZp, bZp: s.bZp, multiplier, shift, outputZp: s.outputZp, actMin: s.act[0], actMax: s.act[1] } as QOp;
        const model = binaryModel(op, aShape, bShape, outShape);
        const inputs = [Int8Array.from(fillInts(s.a, size(aShape), -128, 127)), Int8Array.from(fillInts(s.b, size(bShape), -128, 127))];
        const runner = createWasmRunner();
        assert.deepEqual(runModel(model, inputs, runner), runModel(model, inputs));
        assert.equal(runner.stats.wasm, 1);
      },
    ),
    { numRuns: 300 },
  );
});
