/**
 * Float32 forward/backward kernels for one sample (no batch dimension), NCHW layout.
 * Used only to train the reference MNIST CNN; the deterministic runtime is elsewhere.
 * Backward functions accumulate (+=) into gradient buffers so a mini-batch sums naturally.
 */

export type Shape3 = { channels: number; height: number; width: number };

/** Conv with a square kernel, stride 1 and padding (kernel-1)/2, so the output keeps height and width. */
export function convSameForward(
  input: Float32Array,
  shape: Shape3,
  weight: Float32Array, // [outChannels, channels, kernel, kernel]
  bias: Float32Array,
  outChannels: number,
  kernel: number,
  out: Float32Array,
): void {
  const { channels, height, width } = shape;
  const pad = (kernel - 1) >> 1;
  const plane = height * width;
  for (let m = 0; m < outChannels; m++) out.fill(bias[m], m * plane, (m + 1) * plane);
  for (let m = 0; m < outChannels; m++) {
    for (let c = 0; c < channels; c++) {
      for (let ky = 0; ky < kernel; ky++) {
        for (let kx = 0; kx < kernel; kx++) {
          const w = weight[((m * channels + c) * kernel + ky) * kernel + kx];
          const dx = kx - pad;
          const xStart = Math.max(0, -dx);
          const xEnd = Math.min(width, width - dx);
          for (let oy = 0; oy < height; oy++) {
            const iy = oy + ky - pad;
            if (iy < 0 || iy >= height) continue;
            const outRow = m * plane + oy * width;
            const inRow = c * plane + iy * width + dx;
            for (let ox = xStart; ox < xEnd; ox++) out[outRow + ox] += w * input[inRow + ox];
          }
        }
      }
    }
  }
}

/** Gradients of convSameForward. `inputGrad` may be null for the first layer. */
export function convSameBackward(
  input: Float32Array,
  shape: Shape3,
  weight: Float32Array,
  outChannels: number,
  kernel: number,
  outGrad: Float32Array,
  weightGrad: Float32Array,
  biasGrad: Float32Array,
  inputGrad: Float32Array | null,
): void {
  const { channels, height, width } = shape;
  const pad = (kernel - 1) >> 1;
  const plane = height * width;
  for (let m = 0; m < outChannels; m++) {
    let sum = 0;
    for (let i = m * plane; i < (m + 1) * plane; i++) sum += outGrad[i];
    biasGrad[m] += sum;
  }
  for (let m = 0; m < outChannels; m++) {
    for (let c = 0; c < channels; c++) {
      for (let ky = 0; ky < kernel; ky++) {
        for (let kx = 0; kx < kernel; kx++) {
          const wIndex = ((m * channels + c) * kernel + ky) * kernel + kx;
          const w = weight[wIndex];
          const dx = kx - pad;
          const xStart = Math.max(0, -dx);
          const xEnd = Math.min(width, width - dx);
          let acc = 0;
          for (let oy = 0; oy < height; oy++) {
            const iy = oy + ky - pad;
            if (iy < 0 || iy >= height) continue;
            const outRow = m * plane + oy * width;
            const inRow = c * plane + iy * width + dx;
            for (let ox = xStart; ox < xEnd; ox++) {
              const g = outGrad[outRow + ox];
              acc += g * input[inRow + ox];
              if (inputGrad) inputGrad[inRow + ox] += g * w;
            }
          }
          weightGrad[wIndex] += acc;
        }
      }
    }
  }
}

export function reluForward(values: Float32Array): void {
  for (let i = 0; i < values.length; i++) if (values[i] < 0) values[i] = 0;
}

/** Zeroes gradients where the (post-Relu) activation is 0. */
export function reluBackward(activation: Float32Array, grad: Float32Array): void {
  for (let i = 0; i < grad.length; i++) if (activation[i] <= 0) grad[i] = 0;
}

/** MaxPool 2x2, stride 2 (even height and width). Records the winning input index per output. */
export function maxPool2Forward(input: Float32Array, shape: Shape3, out: Float32Array, argmax: Int32Array): void {
  const { channels, height, width } = shape;
  const oh = height >> 1;
  const ow = width >> 1;
  for (let c = 0; c < channels; c++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const top = c * height * width + 2 * oy * width + 2 * ox;
        let best = top;
        // Ties keep the first (row-major) index, as onnxruntime does; only the gradient route depends on it.
        if (input[top + 1] > input[best]) best = top + 1;
        if (input[top + width] > input[best]) best = top + width;
        if (input[top + width + 1] > input[best]) best = top + width + 1;
        const o = (c * oh + oy) * ow + ox;
        out[o] = input[best];
        argmax[o] = best;
      }
    }
  }
}

export function maxPool2Backward(outGrad: Float32Array, argmax: Int32Array, inputGrad: Float32Array): void {
  inputGrad.fill(0);
  for (let o = 0; o < outGrad.length; o++) inputGrad[argmax[o]] += outGrad[o];
}

/** y = W x + b with W stored [outFeatures, inFeatures] (ONNX Gemm transB=1, PyTorch Linear layout). */
export function denseForward(input: Float32Array, weight: Float32Array, bias: Float32Array, out: Float32Array): void {
  const inFeatures = input.length;
  for (let o = 0; o < out.length; o++) {
    let acc = bias[o];
    const row = o * inFeatures;
    for (let i = 0; i < inFeatures; i++) acc += weight[row + i] * input[i];
    out[o] = acc;
  }
}

export function denseBackward(
  input: Float32Array,
  weight: Float32Array,
  outGrad: Float32Array,
  weightGrad: Float32Array,
  biasGrad: Float32Array,
  inputGrad: Float32Array,
): void {
  const inFeatures = input.length;
  inputGrad.fill(0);
  for (let o = 0; o < outGrad.length; o++) {
    const g = outGrad[o];
    if (g === 0) continue;
    biasGrad[o] += g;
    const row = o * inFeatures;
    for (let i = 0; i < inFeatures; i++) {
      weightGrad[row + i] += g * input[i];
      inputGrad[i] += g * weight[row + i];
    }
  }
}

/** Softmax cross-entropy: writes d(loss)/d(logits) into `grad`, returns the loss. */
export function softmaxCrossEntropy(logits: Float32Array, label: number, grad: Float32Array): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  for (let i = 0; i < logits.length; i++) grad[i] = Math.exp(logits[i] - max) / sum - (i === label ? 1 : 0);
  return Math.log(sum) - (logits[label] - max);
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
