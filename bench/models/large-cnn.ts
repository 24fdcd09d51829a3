/**
 * A larger CNN (~49 MMAC per inference) for runtime benchmarks, built on demand with seeded
 * He-init weights: only Conv/Relu/MaxPool/Flatten/Gemm, the ops of the MNIST model, at scale.
 * Generated at bench time; never stored in models/.
 *
 *   input [N,3,64,64] -> 4 x (Conv 3x3 pad 1 -> Relu), MaxPool 2x2 after convs 2-4 -> Flatten -> Gemm(->10)
 *
 * Run directly to print its size: node --import tsx bench/models/large-cnn.ts
 */
import { pathToFileURL } from 'node:url';
import { attr, buildOnnxModel, type OnnxInitializer, type OnnxNode } from '../../scripts/lib/onnx-builder.ts';
import { createPrng, normalArray } from '../../scripts/lib/prng.ts';

export const LARGE_CNN_INPUT_SHAPE = [1, 3, 64, 64] as const;
const CONV_LAYERS = [
  { outChannels: 16, poolAfter: false },
  { outChannels: 32, poolAfter: true },
  { outChannels: 64, poolAfter: true },
  { outChannels: 64, poolAfter: true },
] as const;
const CLASSES = 10;
const KERNEL = 3;

export type LargeCnn = {
  bytes: Uint8Array;
  /** Multiply-accumulates of one inference (batch 1). */
  macs: number;
  inputName: string;
  outputName: string;
  inputShape: readonly number[];
};

export function buildLargeCnn(seed = 1): LargeCnn {
  const prng = createPrng(seed);
  const initializers: OnnxInitializer[] = [];
  const nodes: OnnxNode[] = [];
  let [, channels, height, width]: number[] = [...LARGE_CNN_INPUT_SHAPE];
  let current = 'input';
  let macs = 0;

  CONV_LAYERS.forEach(({ outChannels, poolAfter }, i) => {
    const fanIn = channels * KERNEL * KERNEL;
    initializers.push(
      { name: `conv${i}.weight`, dims: [outChannels, channels, KERNEL, KERNEL], data: normalArray(prng, outChannels * fanIn, Math.sqrt(2 / fanIn)) },
      { name: `conv${i}.bias`, dims: [outChannels], data: normalArray(prng, outChannels, 0.01) },
    );
    nodes.push(
      {
        opType: 'Conv',
        inputs: [current, `conv${i}.weight`, `conv${i}.bias`],
        outputs: [`conv${i}`],
        attributes: { kernel_shape: attr.ints([KERNEL, KERNEL]), pads: attr.ints([1, 1, 1, 1]) },
      },
      { opType: 'Relu', inputs: [`conv${i}`], outputs: [`relu${i}`] },
    );
    macs += outChannels * height * width * fanIn;
    channels = outChannels;
    current = `relu${i}`;
    if (poolAfter) {
      nodes.push({
        opType: 'MaxPool',
        inputs: [current],
        outputs: [`pool${i}`],
        attributes: { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) },
      });
      current = `pool${i}`;
      height /= 2;
      width /= 2;
    }
  });

  const features = channels * height * width;
  initializers.push(
    { name: 'fc.weight', dims: [CLASSES, features], data: normalArray(prng, CLASSES * features, Math.sqrt(2 / features)) },
    { name: 'fc.bias', dims: [CLASSES], data: normalArray(prng, CLASSES, 0.01) },
  );
  nodes.push(
    { opType: 'Flatten', inputs: [current], outputs: ['flat'], attributes: { axis: attr.int(1) } },
    { opType: 'Gemm', inputs: ['flat', 'fc.weight', 'fc.bias'], outputs: ['logits'], attributes: { transB: attr.int(1) } },
  );
  macs += features * CLASSES;

  const bytes = buildOnnxModel({
    opsetVersion: 13,
    irVersion: 7,
    graphName: 'large_cnn',
    inputs: [{ name: 'input', type: 'float32', shape: ['N', ...LARGE_CNN_INPUT_SHAPE.slice(1)] }],
    outputs: [{ name: 'logits', type: 'float32', shape: ['N', CLASSES] }],
    initializers,
    nodes,
  });
  return { bytes, macs, inputName: 'input', outputName: 'logits', inputShape: LARGE_CNN_INPUT_SHAPE };
}

/** Seeded input batch in [0, 1), like normalized image pixels: [batch, 3, 64, 64]. */
export function largeCnnInput(seed = 2, batch = 1): Float32Array {
  const prng = createPrng(seed);
  const [, c, h, w] = LARGE_CNN_INPUT_SHAPE;
  const out = new Float32Array(batch * c * h * w);
  for (let i = 0; i < out.length; i++) out[i] = prng.uniform();
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { bytes, macs } = buildLargeCnn();
  console.log(`large CNN: ${(macs / 1e6).toFixed(2)} MMAC per inference, ${(bytes.length / 1024).toFixed(0)} KiB ONNX`);
}
