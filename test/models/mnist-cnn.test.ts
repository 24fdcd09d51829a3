import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mnistBatch, mnistSplit } from '../../src/data/mnist.ts';
import { decodeOnnxModel } from '../../scripts/lib/onnx-builder.ts';
import { createOrtSession, ortFloatTensor, runOrt } from '../../scripts/lib/ort.ts';

const modelBytes = new Uint8Array(readFileSync(new URL('../../models/mnist-cnn.onnx', import.meta.url)));

test('models/mnist-cnn.onnx is the expected conv/relu/pool/flatten/gemm graph', () => {
  const model = decodeOnnxModel(modelBytes);
  const graph = model.graph!;
  assert.equal(Number(model.opsetImport[0].version), 13);
  assert.deepEqual(
    graph.node!.map((n) => n.opType),
    ['Conv', 'Relu', 'MaxPool', 'Conv', 'Relu', 'MaxPool', 'Flatten', 'Gemm', 'Relu', 'Gemm'],
  );
  assert.deepEqual(graph.input!.map((i) => i.name), ['input']);
  assert.deepEqual(graph.output!.map((o) => o.name), ['logits']);
  const inputDims = graph.input![0].type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
  assert.deepEqual(inputDims, ['N', 1, 28, 28]);
  for (const gemm of graph.node!.filter((n) => n.opType === 'Gemm')) {
    assert.equal(Number(gemm.attribute!.find((a) => a.name === 'transB')?.i), 1, `${gemm.name} has transB=1`);
  }
  assert.ok(modelBytes.length < 300_000, `model is ${modelBytes.length} bytes`);
});

test('onnxruntime-web classifies the test split with accuracy >= 97%', async () => {
  const session = await createOrtSession(modelBytes);
  const samples = mnistSplit('test');
  const { images, labels } = mnistBatch(samples);
  const { logits } = await runOrt(session, { input: ortFloatTensor(images, [samples.length, 1, 28, 28]) });
  assert.deepEqual([...logits.dims], [samples.length, 10]);
  const scores = logits.data as Float32Array;
  let correct = 0;
  for (let n = 0; n < samples.length; n++) {
    const row = scores.subarray(n * 10, n * 10 + 10);
    let predicted = 0;
    for (let c = 1; c < 10; c++) if (row[c] > row[predicted]) predicted = c;
    if (predicted === labels[n]) correct++;
  }
  const accuracy = correct / samples.length;
  assert.ok(accuracy >= 0.97, `test accuracy ${(100 * accuracy).toFixed(2)}%`);
});
