import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLargeCnn, largeCnnInput } from '../../bench/models/large-cnn.ts';
import { decodeOnnxModel } from '../../scripts/lib/onnx-builder.ts';
import { createOrtSession, ortFloatTensor, runOrt } from '../../scripts/lib/ort.ts';

test('the benchmark CNN is ~50 MMAC, uses only the MNIST op kinds, and is reproducible', async () => {
  const model = buildLargeCnn();
  assert.ok(model.macs > 40e6 && model.macs < 60e6, `${model.macs} MACs`);
  const opKinds = new Set(decodeOnnxModel(model.bytes).graph!.node!.map((n) => n.opType));
  assert.deepEqual([...opKinds].sort(), ['Conv', 'Flatten', 'Gemm', 'MaxPool', 'Relu']);
  assert.deepEqual(buildLargeCnn().bytes, model.bytes);
  assert.deepEqual(largeCnnInput(), largeCnnInput());

  const session = await createOrtSession(model.bytes);
  const { logits } = await runOrt(session, { input: ortFloatTensor(largeCnnInput(2, 2), [2, 3, 64, 64]) });
  assert.deepEqual([...logits.dims], [2, 10]);
  assert.ok((logits.data as Float32Array).every(Number.isFinite));
});
