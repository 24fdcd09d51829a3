import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { commitTrace } from '../../src/commit/traceTree.ts';
import { tensorHash } from '../../src/commit/tensorHash.ts';
import { modelCommitment } from '../../src/commit/modelCommitment.ts';
import { decodeVouchFile } from '../../src/model/vouch-file.ts';
import { importOnnx } from '../../src/runtime/import-onnx.ts';
import { mnistSplit } from '../../src/data/mnist.ts';
import { quantizeInput } from '../../src/runtime/boundary.ts';
import { runModel } from '../../src/runtime/run-model.ts';
import { createWasmRunner } from '../../src/runtime/wasm/wasm-runner.ts';
import { int8Tensor } from '../../src/runtime/tensor.ts';
import { createOrtSession, ortFloatTensor, runOrt } from '../../scripts/lib/ort.ts';
import { mnistTestModel } from '../support/mnist-model.ts';

const argmax = (xs: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
};

/**
 * Golden trace root of test digit 0 under the committed model: any change to the integer
 * semantics, the importer's choices or the commitment format changes it (update deliberately).
 */
const GOLDEN_TRACE_ROOT_DIGIT0 = readFileSync(new URL('golden/mnist-digit0-trace-root.txt', import.meta.url), 'utf8').trim();

describe('MNIST CNN in int8', () => {
  it('int8 accuracy on the test split is within 1 point of float (onnxruntime-web) and >= 97%', async () => {
    const { model, inputs, labels } = mnistTestModel();
    let int8Correct = 0;
    inputs.forEach((x, i) => {
      const trace = runModel(model, [x]);
      if (argmax(trace[model.outputs[0].value].data) === labels[i]) int8Correct++;
    });
    const session = await createOrtSession(readFileSync(new URL('../../models/mnist-cnn.onnx', import.meta.url)));
    const test = mnistSplit('test');
    let floatCorrect = 0;
    for (const s of test) {
      const out = await runOrt(session, { input: ortFloatTensor(s.image, [1, 1, 28, 28]) });
      if (argmax(out.logits.data as Float32Array) === s.label) floatCorrect++;
    }
    const int8Acc = int8Correct / test.length;
    const floatAcc = floatCorrect / test.length;
    assert.ok(floatAcc >= 0.97, `float accuracy ${floatAcc}`);
    assert.ok(int8Acc >= 0.97, `int8 accuracy ${int8Acc}`);
    assert.ok(floatAcc - int8Acc <= 0.01, `int8 ${int8Acc} is more than 1 point below float ${floatAcc}`);
  });

  it('trace hashes are identical with the reference and the WASM SIMD kernels', () => {
    const { model, inputs } = mnistTestModel();
    const wasm = createWasmRunner();
    for (const x of inputs.slice(0, 50)) {
      assert.deepEqual(commitTrace(runModel(model, [x], wasm)).tensorHashes, commitTrace(runModel(model, [x])).tensorHashes);
    }
    assert.ok(wasm.stats.wasm > 0, 'the wasm kernels actually ran');
  });

  it('trace hashes are identical across runs and across batch positions', () => {
    const { model, inputs } = mnistTestModel();
    const single = [0, 1, 2, 3].map((i) => commitTrace(runModel(model, [inputs[i]])));
    const again = commitTrace(runModel(model, [inputs[0]]));
    assert.deepEqual(again.root, single[0].root);
    // The same digits at positions 0..3 of one batch: each position's slice of every trace
    // tensor must hash exactly as in the digit's own run.
    // Calibrating on the same digits grouped by four gives the same ranges, hence the same integers.
    const cal = mnistSplit('calibration');
    const groups = Array.from({ length: cal.length / 4 }, (_, g) => {
      const x = new Float32Array(4 * 784);
      for (let k = 0; k < 4; k++) x.set(cal[4 * g + k].image, k * 784);
      return [x];
    });
    const batched = importOnnx(readFileSync(new URL('../../models/mnist-cnn.onnx', import.meta.url)), { calibration: groups, batch: 4 });
    const batchInput = new Int8Array(4 * 784);
    [0, 1, 2, 3].forEach((i) => batchInput.set(inputs[i], i * 784));
    const trace = runModel(batched, [batchInput]);
    for (let pos = 0; pos < 4; pos++) {
      trace.forEach((t, k) => {
        const per = t.data.length / 4;
        const slice = int8Tensor([1, ...t.shape.slice(1)], t.data.slice(pos * per, (pos + 1) * per));
        assert.deepEqual(tensorHash(slice), single[pos].tensorHashes[k], `batch position ${pos}, trace tensor ${k}`);
      });
    }
  });

  it('matches the golden trace root', () => {
    const { model, inputs } = mnistTestModel();
    assert.equal(Buffer.from(commitTrace(runModel(model, [inputs[0]])).root).toString('hex'), GOLDEN_TRACE_ROOT_DIGIT0);
  });

  it('the committed models/mnist-cnn.vouch is what importing the committed ONNX gives', () => {
    const { model } = mnistTestModel();
    const committed = decodeVouchFile(readFileSync(new URL('../../models/mnist-cnn.vouch', import.meta.url)));
    assert.deepEqual(committed.modelId, modelCommitment(model).modelId, 'run: node --import tsx scripts/import-mnist.ts');
  });

  it('quantizes inputs deterministically', () => {
    const { model } = mnistTestModel();
    const img = mnistSplit('test')[0].image;
    assert.deepEqual(quantizeInput(model, 0, img), quantizeInput(model, 0, img));
  });
});
