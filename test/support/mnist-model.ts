import { readFileSync } from 'node:fs';
import { mnistSplit } from '../../src/data/mnist.ts';
import { quantizeInput } from '../../src/runtime/boundary.ts';
import { importOnnx } from '../../src/runtime/import-onnx.ts';
import type { QModel } from '../../src/runtime/model.ts';

let cached: { model: QModel; inputs: Int8Array[]; labels: number[] } | undefined;

/**
 * The committed MNIST CNN imported with the calibration split (imported once per test process),
 * and the test split quantized to int8 model inputs.
 */
export function mnistTestModel(): { model: QModel; inputs: Int8Array[]; labels: number[] } {
  if (cached) return cached;
  const onnx = readFileSync(new URL('../../models/mnist-cnn.onnx', import.meta.url));
  const model = importOnnx(onnx, { calibration: mnistSplit('calibration').map((s) => [s.image]) });
  const test = mnistSplit('test');
  cached = { model, inputs: test.map((s) => quantizeInput(model, 0, s.image)), labels: test.map((s) => s.label) };
  return cached;
}
