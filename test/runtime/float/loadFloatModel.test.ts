import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildOnnxModel } from '../../../scripts/lib/onnx-builder.ts';
import { decodeTensorProtoFile } from '../../../src/runtime/onnx/float-tensor.ts';
import { FloatModelLoadError } from '../../../src/runtime/float/errors.ts';
import { loadFloatModel } from '../../../src/runtime/float/loadFloatModel.ts';
import { runFloat } from '../../../src/runtime/float/runFloat.ts';

const mnistPath = fileURLToPath(new URL('../../../models/mnist-cnn.onnx', import.meta.url));
const mnistBytes = new Uint8Array(readFileSync(mnistPath));
const cases = fileURLToPath(new URL('../../../../shared/onnx-cases/', import.meta.url));

async function refuses(source: string | Uint8Array, pattern: RegExp): Promise<void> {
  await assert.rejects(loadFloatModel(source), (e: unknown) => {
    assert.ok(e instanceof FloatModelLoadError, `a FloatModelLoadError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('loadFloatModel', () => {
  it('reads the MNIST model from a path and from bytes, with its declared inputs and outputs', async () => {
    for (const source of [mnistPath, mnistBytes]) {
      const model = await loadFloatModel(source);
      assert.deepEqual(model.inputs, [{ name: 'input', dtype: 'float32', shape: ['N', 1, 28, 28] }]);
      assert.deepEqual(model.outputs, [{ name: 'logits', dtype: 'float32', shape: ['N', 10] }]);
      assert.deepEqual(model.bytes, mnistBytes);
      await model.session.release();
    }
  });

  it('refuses files that are not ONNX models with a FloatModelLoadError', async () => {
    await refuses(new Uint8Array(0), /empty/);
    await refuses(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), /not an ONNX model onnxruntime-web can load[\s\S]*protobuf parsing failed/);
    await refuses(mnistBytes.subarray(0, 1000), /not an ONNX model onnxruntime-web can load/);
    await refuses(new TextEncoder().encode('{"not": "onnx"}'), /not an ONNX model/);
    await refuses('/nonexistent/model.onnx', /cannot read the model file \/nonexistent\/model.onnx/);
  });

  it('refuses a well-formed protobuf graph that does not check (unknown op)', async () => {
    const bytes = buildOnnxModel({
      opsetVersion: 13,
      irVersion: 7,
      inputs: [{ name: 'x', type: 'float32', shape: [2] }],
      outputs: [{ name: 'y', type: 'float32', shape: [2] }],
      nodes: [{ opType: 'NoSuchOp', inputs: ['x'], outputs: ['y'] }],
    });
    await refuses(bytes, /NoSuchOp/);
  });

  // Any ONNX file a user registers: the shared conformance cases, run in float against their
  // reference outputs. onnxruntime-web's WASM build has no kernels for some old opsets
  // (AveragePool-1, Gemm-6, Add-6): those files are refused at load, naming the op.
  it('runs the shared ONNX conformance cases and matches their reference outputs, or refuses them naming the op', async () => {
    const names = readdirSync(cases).filter((n) => n.startsWith('test_'));
    assert.ok(names.length >= 10, `found ${names.length} cases`);
    const ran: string[] = [];
    for (const name of names) {
      const dir = `${cases}${name}/`;
      let model;
      try {
        model = await loadFloatModel(`${dir}model.onnx`);
      } catch (e) {
        assert.ok(e instanceof FloatModelLoadError, `${name}: ${String(e)}`);
        assert.match(e.message, /Could not find an implementation for \w+\(\d+\)/, name);
        continue;
      }
      ran.push(name);
      const data = `${dir}test_data_set_0/`;
      const inputs = model.inputs.map((info, i) => {
        const t = decodeTensorProtoFile(readFileSync(`${data}input_${i}.pb`));
        return { dtype: 'float32' as const, dims: t.dims, data: Float32Array.from(t.data) };
      });
      const [out] = await runFloat(model, inputs);
      const expected = decodeTensorProtoFile(readFileSync(`${data}output_0.pb`));
      assert.deepEqual([...out.dims], [...expected.dims], `${name} output dims`);
      let worst = 0;
      (out.data as Float32Array).forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected.data[i]) / (1 + Math.abs(expected.data[i])))));
      assert.ok(worst < 1e-5, `${name}: relative error ${worst}`);
      await model.session.release();
    }
    assert.ok(ran.length >= 8, `ran ${ran.length} of ${names.length}: ${ran.join(', ')}`);
  });
});
