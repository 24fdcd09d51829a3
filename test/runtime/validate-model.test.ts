import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelFormatError } from '../../src/runtime/errors.ts';
import type { QModel } from '../../src/runtime/model.ts';
import { int32Tensor } from '../../src/runtime/tensor.ts';
import { validateModel } from '../../src/runtime/validate-model.ts';
import { mnistTestModel } from '../support/mnist-model.ts';

function softmaxModel(table: Int32Array): QModel {
  return {
    version: 1,
    inputs: [{ name: 'x', value: 0, quant: { zeroPoint: 0, scaleMultiplier: 1 << 30, scaleExponent: 0 } }],
    outputs: [{ name: 'y', value: 1, quant: { zeroPoint: -128, scaleMultiplier: 1 << 30, scaleExponent: -7 } }],
    values: [{ name: 'x', shape: [1, 4] }, { name: 'y', shape: [1, 4] }],
    constants: [{ name: 'exp', tensor: int32Tensor([256], table) }],
    ops: [{ kind: 'softmax', input: { value: 0 }, outer: 1, n: 4, inner: 1, expTable: 0 }],
  };
}

describe('validateModel', () => {
  it('accepts the imported MNIST model', () => {
    validateModel(mnistTestModel().model);
  });
  it('refuses an exp table that would let a softmax sum be zero', () => {
    const good = Int32Array.from({ length: 256 }, (_, d) => Math.round(65536 * Math.exp(-d / 16)));
    validateModel(softmaxModel(good));
    const bad = good.slice();
    bad[0] = 0;
    assert.throws(() => validateModel(softmaxModel(bad)), (e: unknown) => e instanceof ModelFormatError && /entry 0 must be 65536/.test(e.message));
  });
  it('refuses references that point forward or outside the model', () => {
    const m = softmaxModel(Int32Array.from({ length: 256 }, () => 65536));
    assert.throws(() => validateModel({ ...m, ops: [{ ...m.ops[0], input: { value: 1 } } as QModel['ops'][0]] }), /input value/);
    assert.throws(() => validateModel({ ...m, ops: [{ ...m.ops[0], expTable: 3 } as QModel['ops'][0]] }), /expTable/);
  });
});
