import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildOnnxModel } from '../../../scripts/lib/onnx-builder.ts';
import { FloatInputError } from '../../../src/runtime/float/errors.ts';
import { loadFloatModel } from '../../../src/runtime/float/loadFloatModel.ts';
import { runFloat, type RunFloatParameters } from '../../../src/runtime/float/runFloat.ts';
import type { FloatModel } from '../../../src/runtime/float/types.ts';

const mnist = await loadFloatModel(fileURLToPath(new URL('../../../models/mnist-cnn.onnx', import.meta.url)));
const image = () => new Float32Array(784).fill(0.5);

/** y = float(a) + b with a int64 [N,3] and b float32 [N,3]: two inputs sharing the symbolic dim N. */
const twoInputs: FloatModel = await loadFloatModel(
  buildOnnxModel({
    opsetVersion: 13,
    irVersion: 7,
    inputs: [
      { name: 'a', type: 'int64', shape: ['N', 3] },
      { name: 'b', type: 'float32', shape: ['N', 3] },
    ],
    outputs: [{ name: 'y', type: 'float32', shape: ['N', 3] }],
    nodes: [
      { opType: 'Cast', inputs: ['a'], outputs: ['af'], attributes: { to: { kind: 'int', value: 1 } } },
      { opType: 'Add', inputs: ['af', 'b'], outputs: ['y'] },
    ],
  }),
);

async function refuses(model: FloatModel, inputs: RunFloatParameters, pattern: RegExp): Promise<void> {
  await assert.rejects(runFloat(model, inputs), (e: unknown) => {
    assert.ok(e instanceof FloatInputError, `a FloatInputError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('runFloat', () => {
  it('returns the outputs in the model order with their dims', async () => {
    const [logits] = await runFloat(mnist, [{ dtype: 'float32', dims: [3, 1, 28, 28], data: new Float32Array(3 * 784) }]);
    assert.equal(logits.dtype, 'float32');
    assert.deepEqual(logits.dims, [3, 10]);
    assert.ok(logits.data instanceof Float32Array);
  });

  it('refuses inputs that do not fit the model with a FloatInputError naming the problem', async () => {
    const ok = { dtype: 'float32' as const, dims: [1, 1, 28, 28], data: image() };
    await refuses(mnist, [], /takes 1 input\(s\), got 0/);
    await refuses(mnist, [ok, ok], /takes 1 input\(s\), got 2/);
    await refuses(mnist, {}, /input 'input' is missing/);
    await refuses(mnist, { image: ok }, /no input 'image'/);
    await refuses(mnist, [{ ...ok, dtype: 'float64', data: new Float64Array(784) }], /must be float32, got float64/);
    await refuses(mnist, [{ ...ok, dims: [1, 28, 28] }], /must have rank 4 \[N,1,28,28\], got \[1,28,28\]/);
    await refuses(mnist, [{ ...ok, dims: [1, 2, 28, 28] }], /must have dim 1 on axis 1/);
    await refuses(mnist, [{ ...ok, dims: [2, 1, 28, 28] }], /needs 1568 elements, got 784/);
    await refuses(mnist, [{ ...ok, dims: [1, 1, 28, -28] }], /non-negative integers/);
    await refuses(mnist, [{ ...ok, dims: [1, 1, 28, 28.5] }], /non-negative integers/);
    await refuses(mnist, [{ ...ok, data: new Int32Array(784) }], /needs a Float32Array, got a Int32Array/);
    await refuses(mnist, [{ ...ok, data: ['x' as unknown as number, ...new Array(783).fill(0)] }], /element 0 is not a number/);
    await refuses(mnist, null as unknown as RunFloatParameters, /must be an array or an object/);
    await refuses(mnist, [null as unknown as typeof ok], /must be a tensor/);
    await refuses(mnist, [{ ...ok, data: undefined as unknown as number[] }], /data must be an array or a typed array/);
  });

  it('converts plain numbers (as JSON requests carry them) and checks integers', async () => {
    const [y] = await runFloat(twoInputs, { a: { dtype: 'int64', dims: [1, 3], data: [1, -2, 3] }, b: { dtype: 'float32', dims: [1, 3], data: [0.5, 0.5, 0.5] } });
    assert.deepEqual([...(y.data as Float32Array)], [1.5, -1.5, 3.5]);
    const b = { dtype: 'float32' as const, dims: [1, 3], data: [0, 0, 0] };
    await refuses(twoInputs, { a: { dtype: 'int64', dims: [1, 3], data: [1, 2.5, 3] }, b }, /element 1 is 2.5, not an integer/);
    await refuses(twoInputs, { a: { dtype: 'int64', dims: [1, 3], data: [1n, 2n ** 63n, 3n] }, b }, /out of range/);
    await refuses(twoInputs, { a: { dtype: 'int64', dims: [1, 3], data: [1, 2, 3] }, b: { ...b, dims: [2, 3], data: [0, 0, 0, 0, 0, 0] } }, /symbolic dim 'N' is 2 on axis 0 but 1 in input 'a'/);
  });

  it('queues concurrent runs on one model (onnxruntime-web refuses overlapping runs on a session)', async () => {
    const runs = Array.from({ length: 8 }, (_, i) => runFloat(mnist, [{ dtype: 'float32', dims: [1, 1, 28, 28], data: new Float32Array(784).fill(i / 8) }]));
    const outs = await Promise.all(runs);
    const again = await runFloat(mnist, [{ dtype: 'float32', dims: [1, 1, 28, 28], data: new Float32Array(784).fill(3 / 8) }]);
    assert.deepEqual(outs[3][0].data, again[0].data);
  });

  it('keeps working after a refused or failed run', async () => {
    await refuses(mnist, [], /takes 1 input/);
    const [logits] = await runFloat(mnist, [{ dtype: 'float32', dims: [1, 1, 28, 28], data: image() }]);
    assert.equal(logits.data.length, 10);
  });
});
