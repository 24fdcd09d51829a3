/**
 * Worker thread of data-parallel training: computes the summed gradients of its share of a
 * mini-batch into its own shared buffers, reading the parameters the main thread shares.
 * Started by gradient-workers.ts; loads the 'train' split itself (deterministic, so identical).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mnistSplit } from '../../../src/data/mnist.ts';
import { shiftImage } from './augment.ts';
import { argmax, softmaxCrossEntropy } from './layers.ts';
import { MNIST_CNN, type MnistCnnParams, backward, createActivationGrads, createActivations, forward, paramNames } from './model.ts';

export type GradientWorkerData = {
  params: Record<keyof MnistCnnParams, SharedArrayBuffer>;
  grads: Record<keyof MnistCnnParams, SharedArrayBuffer>;
};

/** Samples to process: train-split indices and their (dx, dy) shifts, interleaved. */
export type GradientRequest = { sampleIndices: Int32Array; shifts: Int32Array };
export type GradientReply = { lossSum: number; correct: number };

function viewsOf(buffers: Record<keyof MnistCnnParams, SharedArrayBuffer>): MnistCnnParams {
  return Object.fromEntries(paramNames().map((name) => [name, new Float32Array(buffers[name])])) as MnistCnnParams;
}

const { params: paramBuffers, grads: gradBuffers } = workerData as GradientWorkerData;
const params = viewsOf(paramBuffers);
const grads = viewsOf(gradBuffers);
const samples = mnistSplit('train');
const act = createActivations();
const scratch = createActivationGrads();
const logitsGrad = new Float32Array(MNIST_CNN.classes);
const shifted = new Float32Array(MNIST_CNN.imageSize * MNIST_CNN.imageSize);

parentPort!.on('message', ({ sampleIndices, shifts }: GradientRequest) => {
  for (const name of paramNames()) grads[name].fill(0);
  let lossSum = 0;
  let correct = 0;
  for (let k = 0; k < sampleIndices.length; k++) {
    const sample = samples[sampleIndices[k]];
    const image = shiftImage(sample.image, MNIST_CNN.imageSize, shifts[2 * k], shifts[2 * k + 1], shifted);
    const logits = forward(params, image, act);
    if (argmax(logits) === sample.label) correct++;
    lossSum += softmaxCrossEntropy(logits, sample.label, logitsGrad);
    backward(params, act, logitsGrad, grads, scratch);
  }
  parentPort!.postMessage({ lossSum, correct } satisfies GradientReply);
});
