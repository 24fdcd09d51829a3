/**
 * The reference MNIST CNN: its architecture, parameters and float forward/backward for one sample.
 *
 *   input [1,28,28] -> Conv(1->C1, 3x3, pad 1) -> Relu -> MaxPool 2x2
 *                   -> Conv(C1->C2, 3x3, pad 1) -> Relu -> MaxPool 2x2
 *                   -> Flatten (C2*7*7) -> Gemm(->HIDDEN) -> Relu -> Gemm(->10) = logits
 */
import { type Prng, normalArray } from '../prng.ts';
import {
  type Shape3,
  convSameBackward,
  convSameForward,
  denseBackward,
  denseForward,
  maxPool2Backward,
  maxPool2Forward,
  reluBackward,
  reluForward,
} from './layers.ts';

export const MNIST_CNN = {
  imageSize: 28,
  kernel: 3,
  conv1Channels: 8,
  conv2Channels: 16,
  hidden: 64,
  classes: 10,
} as const;

const { imageSize, kernel, conv1Channels, conv2Channels, hidden, classes } = MNIST_CNN;
const half = imageSize / 2;
const quarter = imageSize / 4;
export const FLATTENED_FEATURES = conv2Channels * quarter * quarter;

const inputShape: Shape3 = { channels: 1, height: imageSize, width: imageSize };
const conv2InputShape: Shape3 = { channels: conv1Channels, height: half, width: half };
const pool1Shape: Shape3 = { channels: conv1Channels, height: imageSize, width: imageSize };
const pool2Shape: Shape3 = { channels: conv2Channels, height: half, width: half };

/** Parameter tensors in ONNX layout: conv [out,in,k,k], dense [out,in]. */
export type MnistCnnParams = {
  conv1Weight: Float32Array;
  conv1Bias: Float32Array;
  conv2Weight: Float32Array;
  conv2Bias: Float32Array;
  fc1Weight: Float32Array;
  fc1Bias: Float32Array;
  fc2Weight: Float32Array;
  fc2Bias: Float32Array;
};

export const PARAM_DIMS: Record<keyof MnistCnnParams, number[]> = {
  conv1Weight: [conv1Channels, 1, kernel, kernel],
  conv1Bias: [conv1Channels],
  conv2Weight: [conv2Channels, conv1Channels, kernel, kernel],
  conv2Bias: [conv2Channels],
  fc1Weight: [hidden, FLATTENED_FEATURES],
  fc1Bias: [hidden],
  fc2Weight: [classes, hidden],
  fc2Bias: [classes],
};

const PARAM_NAMES = Object.keys(PARAM_DIMS) as (keyof MnistCnnParams)[];

function countOf(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export function zeroParams(): MnistCnnParams {
  return Object.fromEntries(PARAM_NAMES.map((k) => [k, new Float32Array(countOf(PARAM_DIMS[k]))])) as MnistCnnParams;
}

/** He-normal weights (std sqrt(2/fan_in)), zero biases. */
export function initParams(prng: Prng): MnistCnnParams {
  const params = zeroParams();
  for (const name of PARAM_NAMES) {
    const dims = PARAM_DIMS[name];
    if (dims.length === 1) continue;
    const fanIn = countOf(dims.slice(1));
    params[name] = normalArray(prng, countOf(dims), Math.sqrt(2 / fanIn));
  }
  return params;
}

export function paramNames(): readonly (keyof MnistCnnParams)[] {
  return PARAM_NAMES;
}

/** Activations of one forward pass, kept for backward. Reused across samples to avoid allocation. */
export type MnistCnnActivations = {
  image: Float32Array;
  conv1: Float32Array; // after Relu
  pool1: Float32Array;
  pool1Argmax: Int32Array;
  conv2: Float32Array; // after Relu
  pool2: Float32Array; // = flattened features
  pool2Argmax: Int32Array;
  fc1: Float32Array; // after Relu
  logits: Float32Array;
};

export function createActivations(): MnistCnnActivations {
  return {
    image: new Float32Array(imageSize * imageSize),
    conv1: new Float32Array(conv1Channels * imageSize * imageSize),
    pool1: new Float32Array(conv1Channels * half * half),
    pool1Argmax: new Int32Array(conv1Channels * half * half),
    conv2: new Float32Array(conv2Channels * half * half),
    pool2: new Float32Array(FLATTENED_FEATURES),
    pool2Argmax: new Int32Array(FLATTENED_FEATURES),
    fc1: new Float32Array(hidden),
    logits: new Float32Array(classes),
  };
}

/** Forward pass of one 28x28 image into `act` (act.logits holds the result). */
export function forward(params: MnistCnnParams, image: Float32Array, act: MnistCnnActivations): Float32Array {
  act.image.set(image);
  convSameForward(act.image, inputShape, params.conv1Weight, params.conv1Bias, conv1Channels, kernel, act.conv1);
  reluForward(act.conv1);
  maxPool2Forward(act.conv1, pool1Shape, act.pool1, act.pool1Argmax);
  convSameForward(act.pool1, conv2InputShape, params.conv2Weight, params.conv2Bias, conv2Channels, kernel, act.conv2);
  reluForward(act.conv2);
  maxPool2Forward(act.conv2, pool2Shape, act.pool2, act.pool2Argmax);
  denseForward(act.pool2, params.fc1Weight, params.fc1Bias, act.fc1);
  reluForward(act.fc1);
  denseForward(act.fc1, params.fc2Weight, params.fc2Bias, act.logits);
  return act.logits;
}

/** Scratch gradient buffers for activations, reused across samples. */
export type ActivationGrads = {
  fc1: Float32Array;
  pool2: Float32Array;
  conv2: Float32Array;
  pool1: Float32Array;
  conv1: Float32Array;
};

export function createActivationGrads(): ActivationGrads {
  return {
    fc1: new Float32Array(hidden),
    pool2: new Float32Array(FLATTENED_FEATURES),
    conv2: new Float32Array(conv2Channels * half * half),
    pool1: new Float32Array(conv1Channels * half * half),
    conv1: new Float32Array(conv1Channels * imageSize * imageSize),
  };
}

/** Accumulates parameter gradients of one sample, given d(loss)/d(logits), into `grads`. */
export function backward(
  params: MnistCnnParams,
  act: MnistCnnActivations,
  logitsGrad: Float32Array,
  grads: MnistCnnParams,
  scratch: ActivationGrads,
): void {
  denseBackward(act.fc1, params.fc2Weight, logitsGrad, grads.fc2Weight, grads.fc2Bias, scratch.fc1);
  reluBackward(act.fc1, scratch.fc1);
  denseBackward(act.pool2, params.fc1Weight, scratch.fc1, grads.fc1Weight, grads.fc1Bias, scratch.pool2);
  maxPool2Backward(scratch.pool2, act.pool2Argmax, scratch.conv2);
  reluBackward(act.conv2, scratch.conv2);
  scratch.pool1.fill(0);
  convSameBackward(act.pool1, conv2InputShape, params.conv2Weight, conv2Channels, kernel, scratch.conv2, grads.conv2Weight, grads.conv2Bias, scratch.pool1);
  maxPool2Backward(scratch.pool1, act.pool1Argmax, scratch.conv1);
  reluBackward(act.conv1, scratch.conv1);
  convSameBackward(act.image, inputShape, params.conv1Weight, conv1Channels, kernel, scratch.conv1, grads.conv1Weight, grads.conv1Bias, null);
}
