/**
 * Trains the reference MNIST CNN in plain TypeScript on the 'train' split of src/data/mnist.ts,
 * deterministically (seeded init, shuffling and random-shift augmentation: the same command gives
 * the same weights), with gradients computed data-parallel on worker threads. Then exports it to
 * ONNX and reports float test accuracy from its own forward pass and from onnxruntime-web, which
 * must agree.
 *
 *   node --import tsx scripts/train-mnist.ts [--epochs 20] [--seed 1] [--workers 2] [--out models/mnist-cnn.onnx]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type MnistSample, mnistBatch, mnistSplit } from '../src/data/mnist.ts';
import { adamStep, createAdam } from './lib/mnist-cnn/adam.ts';
import { exportMnistCnnOnnx } from './lib/mnist-cnn/export-onnx.ts';
import { argmax } from './lib/mnist-cnn/layers.ts';
import { createGradientWorkers } from './lib/mnist-cnn/gradient-workers.ts';
import {
  MNIST_CNN,
  type MnistCnnParams,
  createActivations,
  forward,
  initParams,
  paramNames,
  zeroParams,
} from './lib/mnist-cnn/model.ts';
import { createOrtSession, ortFloatTensor, runOrt } from './lib/ort.ts';
import { createPrng, shuffledIndices } from './lib/prng.ts';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '32' },
    'learning-rate': { type: 'string', default: '0.002' },
    'max-shift': { type: 'string', default: '1' },
    // Part of the result: gradients are summed per worker, then across workers.
    workers: { type: 'string', default: '2' },
    out: { type: 'string', default: 'models/mnist-cnn.onnx' },
  },
});
const epochs = Number(args.epochs);
const seed = Number(args.seed);
const batchSize = Number(args['batch-size']);
const baseLearningRate = Number(args['learning-rate']);
const maxShift = Number(args['max-shift']);
const workerCount = Number(args.workers);

const log = (message: string) => process.stderr.write(`${message}\n`);

async function train(samples: readonly MnistSample[]): Promise<MnistCnnParams> {
  const prng = createPrng(seed);
  const workers = createGradientWorkers(initParams(prng), workerCount);
  const { params } = workers;
  const grads = zeroParams();
  const adam = createAdam(params);
  const batchesPerEpoch = Math.ceil(samples.length / batchSize);
  const totalSteps = epochs * batchesPerEpoch;

  for (let epoch = 0; epoch < epochs; epoch++) {
    const started = performance.now();
    const order = shuffledIndices(prng, samples.length);
    let lossSum = 0;
    let correct = 0;
    for (let batch = 0; batch < batchesPerEpoch; batch++) {
      const sampleIndices = order.slice(batch * batchSize, Math.min(samples.length, (batch + 1) * batchSize));
      const shifts = new Int32Array(2 * sampleIndices.length);
      for (let i = 0; i < shifts.length; i++) shifts[i] = prng.int(2 * maxShift + 1) - maxShift;
      const reply = await workers.computeBatch(sampleIndices, shifts, grads);
      lossSum += reply.lossSum;
      correct += reply.correct;
      const scale = 1 / sampleIndices.length;
      for (const name of paramNames()) for (let i = 0; i < grads[name].length; i++) grads[name][i] *= scale;
      // Cosine decay to zero over the whole run.
      const progress = (epoch * batchesPerEpoch + batch) / totalSteps;
      adamStep(adam, params, grads, baseLearningRate * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(
      `epoch ${epoch + 1}/${epochs}  loss ${(lossSum / samples.length).toFixed(4)}  ` +
        `train acc (augmented) ${((100 * correct) / samples.length).toFixed(2)}%  ${seconds}s`,
    );
  }
  await workers.close();
  return copyToLocal(params);
}

/** Copies shared-memory parameters into ordinary arrays. */
function copyToLocal(shared: MnistCnnParams): MnistCnnParams {
  const copy = zeroParams();
  for (const name of paramNames()) copy[name].set(shared[name]);
  return copy;
}

function ownPredictions(params: MnistCnnParams, samples: readonly MnistSample[]): number[] {
  const act = createActivations();
  return samples.map((s) => argmax(forward(params, s.image, act)));
}

async function ortPredictions(modelBytes: Uint8Array, samples: readonly MnistSample[]): Promise<number[]> {
  const session = await createOrtSession(modelBytes);
  const { images } = mnistBatch(samples);
  const { logits } = await runOrt(session, { input: ortFloatTensor(images, [samples.length, 1, 28, 28]) });
  const classes = MNIST_CNN.classes;
  return samples.map((_, n) => argmax((logits.data as Float32Array).subarray(n * classes, (n + 1) * classes)));
}

function accuracy(predictions: number[], samples: readonly MnistSample[]): number {
  return predictions.filter((p, n) => p === samples[n].label).length / samples.length;
}

const trainingStarted = performance.now();
const params = await train(mnistSplit('train'));
const trainingSeconds = (performance.now() - trainingStarted) / 1000;
log(`training took ${trainingSeconds.toFixed(1)}s`);

const command = `node --import tsx scripts/train-mnist.ts --epochs ${epochs} --seed ${seed} --batch-size ${batchSize} --learning-rate ${baseLearningRate} --max-shift ${maxShift} --workers ${workerCount}`;
const modelBytes = exportMnistCnnOnnx(params, `Vouch reference MNIST CNN (float32). Trained by: ${command}`);
writeFileSync(args.out!, modelBytes);
log(`wrote ${args.out} (${modelBytes.length} bytes)`);

const test = mnistSplit('test');
const own = ownPredictions(params, test);
const viaOrt = await ortPredictions(modelBytes, test);
const disagreements = own.filter((p, n) => p !== viaOrt[n]).length;
console.log(`test split: ${test.length} digits`);
console.log(`float accuracy (own forward):      ${(100 * accuracy(own, test)).toFixed(2)}%`);
console.log(`float accuracy (onnxruntime-web):  ${(100 * accuracy(viaOrt, test)).toFixed(2)}%`);
console.log(`prediction disagreements:          ${disagreements}`);
if (disagreements > 0) process.exitCode = 1;
