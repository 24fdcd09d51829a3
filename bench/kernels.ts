/**
 * Conv kernel speed: the reference TypeScript kernel against the WASM SIMD kernels on the conv
 * layers of the ~49 MMAC benchmark CNN (bench/models/large-cnn.ts), plus onnxruntime-web's fp32
 * Conv on the same shapes for scale. Both int8 paths are checked to give the same bits.
 * benchModel does the same for the whole imported CNN (runModel with each runner).
 *
 *   node --import tsx bench/kernels.ts
 */
import { pathToFileURL } from 'node:url';
import { runModel, type OpRunner } from '../src/runtime/run-model.ts';
import type { QModel } from '../src/runtime/model.ts';
import { createWasmRunner } from '../src/runtime/wasm/wasm-runner.ts';
import { buildOnnxModel, attr } from '../scripts/lib/onnx-builder.ts';
import { importOnnx } from '../src/runtime/import-onnx.ts';
import { buildLargeCnn, largeCnnInput } from './models/large-cnn.ts';
import { createOrtSession, ort, ortFloatTensor, runOrt } from '../scripts/lib/ort.ts';
import { createPrng } from '../scripts/lib/prng.ts';
import { convModel, convOutSize } from '../test/runtime/wasm/conv-model.ts';

export type KernelBenchRow = {
  kernel: string;
  /** Multiply-accumulates of one pass over the layer set. */
  macs: number;
  msPerInference: number;
  inferencesPerSecond: number;
  gmacPerSecond: number;
};

type Layer = { c: number; m: number; size: number; group: number; stride: number };

/** The conv layers of the benchmark CNN: 3x3, pad 1, 3 -> 16 -> 32 -> 64 -> 64 channels over 64, 64, 32, 16 pixels. */
export const BENCH_LAYERS: readonly Layer[] = [
  { c: 3, m: 16, size: 64, group: 1, stride: 1 },
  { c: 16, m: 32, size: 64, group: 1, stride: 1 },
  { c: 32, m: 64, size: 32, group: 1, stride: 1 },
  { c: 64, m: 64, size: 16, group: 1, stride: 1 },
];

type Built = { model: QModel; input: Int8Array; macs: number; layer: Layer };

function buildLayer(layer: Layer, seed: number): Built {
  const prng = createPrng(seed);
  const int = (lo: number, hi: number) => lo + prng.int(hi - lo + 1);
  const { c, m, size, group, stride } = layer;
  const cg = c / group;
  const out = convOutSize(size, 3, stride, 1, 1, 1);
  const k = cg * 9;
  const model = convModel({
    inShape: [1, c, size, size], outShape: [1, m, out, out], group, kernel: [3, 3], strides: [stride, stride], pads: [1, 1, 1, 1], dilations: [1, 1],
    inputZp: -128, outputZp: -128, actMin: -128, actMax: 127,
    weights: Int8Array.from({ length: m * k }, () => int(-127, 127)),
    bias: Int32Array.from({ length: m }, () => int(-20000, 20000)),
    // Typical import results: multiplier in [2^30, 2^31), a right shift of ~10 bits.
    multipliers: Int32Array.from({ length: m }, () => int(2 ** 30, 2 ** 31 - 1)),
    shifts: Int32Array.from({ length: m }, () => int(-14, -8)),
  });
  const input = Int8Array.from({ length: c * size * size }, () => int(-128, 127));
  return { model, input, macs: m * out * out * k, layer };
}

/**
 * Best time of repeated runs over at least minMs: other processes share this machine's two
 * cores, and the minimum is the figure least disturbed by them.
 */
async function time(fn: () => void | Promise<void>, minMs: number): Promise<number> {
  await fn(); // warm-up (and weight packing)
  let best = Infinity;
  const start = performance.now();
  for (let runs = 0; performance.now() - start < minMs || runs < 3; runs++) {
    const t = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

function row(kernel: string, macs: number, ms: number): KernelBenchRow {
  return { kernel, macs, msPerInference: ms, inferencesPerSecond: 1000 / ms, gmacPerSecond: macs / ms / 1e6 };
}

function runAll(layers: Built[], runner?: OpRunner): Int8Array[] {
  return layers.map((l) => runModel(l.model, [l.input], runner)[1].data);
}

/** fp32 Conv of the same shapes in onnxruntime-web (one model per layer, wasm backend, 1 thread). */
async function ortRow(layers: Built[], minMs: number): Promise<KernelBenchRow> {
  const sessions = await Promise.all(
    layers.map(async ({ layer }) => {
      const { c, m, size, group, stride } = layer;
      const out = convOutSize(size, 3, stride, 1, 1, 1);
      const prng = createPrng(layer.m * 31 + layer.c);
      const bytes = buildOnnxModel({
        opsetVersion: 13, irVersion: 7, graphName: 'conv',
        inputs: [{ name: 'x', type: 'float32', shape: [1, c, size, size] }],
        outputs: [{ name: 'y', type: 'float32', shape: [1, m, out, out] }],
        initializers: [{ name: 'w', dims: [m, c / group, 3, 3], data: Float32Array.from({ length: (m * c * 9) / group }, () => prng.normal() * 0.1) }],
        nodes: [{ opType: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attributes: { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]), strides: attr.ints([stride, stride]), group: attr.int(group) } }],
      });
      const feed = { x: ortFloatTensor(Float32Array.from({ length: c * size * size }, () => prng.uniform()), [1, c, size, size]) };
      return { session: await createOrtSession(bytes), feed };
    }),
  );
  const once = async () => {
    for (const s of sessions) await runOrt(s.session, s.feed);
  };
  return row('onnxruntime-web fp32 (wasm, 1 thread)', layers.reduce((s, l) => s + l.macs, 0), await time(once, minMs));
}

/**
 * onnxruntime-web's own int8 path on the same shapes: QLinearConv, uint8 activations, int8
 * per-channel weights (what its quantizer emits), wasm backend, 1 thread.
 */
async function ortInt8Row(layers: Built[], minMs: number): Promise<KernelBenchRow> {
  const sessions = await Promise.all(
    layers.map(async ({ layer }) => {
      const { c, m, size, group, stride } = layer;
      const out = convOutSize(size, 3, stride, 1, 1, 1);
      const prng = createPrng(layer.m * 17 + layer.c);
      const scalar = (v: number) => Float32Array.of(v);
      const bytes = buildOnnxModel({
        opsetVersion: 13, irVersion: 7, graphName: 'qconv',
        inputs: [{ name: 'x', type: 'uint8', shape: [1, c, size, size] }],
        outputs: [{ name: 'y', type: 'uint8', shape: [1, m, out, out] }],
        initializers: [
          { name: 'xs', dims: [], data: scalar(1 / 255) },
          { name: 'xz', dims: [], data: Uint8Array.of(0) },
          { name: 'w', dims: [m, c / group, 3, 3], data: Int8Array.from({ length: (m * c * 9) / group }, () => prng.int(255) - 127) },
          { name: 'ws', dims: [m], data: Float32Array.from({ length: m }, () => 0.001 + prng.uniform() * 0.01) },
          { name: 'wz', dims: [m], data: new Int8Array(m) },
          { name: 'ys', dims: [], data: scalar(0.05) },
          { name: 'yz', dims: [], data: Uint8Array.of(0) },
          { name: 'b', dims: [m], data: Int32Array.from({ length: m }, () => prng.int(20001) - 10000) },
        ],
        nodes: [{
          opType: 'QLinearConv', inputs: ['x', 'xs', 'xz', 'w', 'ws', 'wz', 'ys', 'yz', 'b'], outputs: ['y'],
          attributes: { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]), strides: attr.ints([stride, stride]), group: attr.int(group) },
        }],
      });
      const feed = { x: new ort.Tensor('uint8', Uint8Array.from({ length: c * size * size }, () => prng.int(256)), [1, c, size, size]) };
      return { session: await createOrtSession(bytes), feed };
    }),
  );
  const once = async () => {
    for (const s of sessions) await runOrt(s.session, s.feed);
  };
  return row('onnxruntime-web int8 QLinearConv (wasm, 1 thread)', layers.reduce((s, l) => s + l.macs, 0), await time(once, minMs));
}

export async function benchKernels(options: { minMs?: number; ort?: boolean } = {}): Promise<KernelBenchRow[]> {
  const minMs = options.minMs ?? 1500;
  const layers = BENCH_LAYERS.map((l, i) => buildLayer(l, 100 + i));
  const macs = layers.reduce((s, l) => s + l.macs, 0);
  const wasm = createWasmRunner();
  const ref = runAll(layers);
  const got = runAll(layers, wasm);
  if (ref.some((r, i) => Buffer.compare(Buffer.from(r.buffer), Buffer.from(got[i].buffer)) !== 0)) throw new Error('wasm and reference conv outputs differ');
  if (wasm.stats.reference !== 0) throw new Error(`wasm runner fell back: ${[...wasm.stats.fallbacks.keys()]}`);
  const rows = [
    row('reference TypeScript int8', macs, await time(() => void runAll(layers), minMs)),
    row('wasm SIMD int8', macs, await time(() => void runAll(layers, wasm), minMs)),
  ];
  if (options.ort !== false) rows.push(await ortRow(layers, minMs), await ortInt8Row(layers, minMs));
  rows.push(await twoThreadRow(layers, macs, minMs));
  return rows;
}

/** The wasm runner with a second thread (its gain depends on a free second core). */
async function twoThreadRow(layers: Built[], macs: number, minMs: number): Promise<KernelBenchRow> {
  const runner = createWasmRunner({ threads: 2 });
  try {
    return row('wasm SIMD int8, 2 threads', macs, await time(() => void runAll(layers, runner), minMs));
  } finally {
    runner.close();
  }
}

/** The whole ~49 MMAC CNN: int8 reference runner, int8 wasm runner (same trace), onnxruntime-web fp32. */
export async function benchModel(options: { minMs?: number; ort?: boolean } = {}): Promise<KernelBenchRow[]> {
  const minMs = options.minMs ?? 1500;
  const cnn = buildLargeCnn();
  const model = importOnnx(cnn.bytes, { calibration: [[largeCnnInput(3)], [largeCnnInput(4)]] });
  const input = Int8Array.from(largeCnnInput(5), (v) => Math.round(v * 255) - 128);
  const wasm = createWasmRunner();
  const expected = runModel(model, [input]);
  const actual = runModel(model, [input], wasm);
  if (!expected.every((t, i) => Buffer.from(t.data.buffer).equals(Buffer.from(actual[i].data.buffer)))) throw new Error('wasm and reference traces differ');
  const rows = [
    row('model: reference TypeScript int8', cnn.macs, await time(() => void runModel(model, [input]), minMs)),
    row('model: wasm runner int8', cnn.macs, await time(() => void runModel(model, [input], wasm), minMs)),
  ];
  if (options.ort !== false) {
    const session = await createOrtSession(cnn.bytes);
    const feed = { [cnn.inputName]: ortFloatTensor(largeCnnInput(5), cnn.inputShape) };
    rows.push(row('model: onnxruntime-web fp32 (wasm, 1 thread)', cnn.macs, await time(async () => void (await runOrt(session, feed)), minMs)));
  }
  return rows;
}

export function formatKernelRows(rows: KernelBenchRow[]): string {
  const head = ['kernel', 'MMAC', 'ms/inference', 'inferences/s', 'GMAC/s'];
  const body = rows.map((r) => [r.kernel, (r.macs / 1e6).toFixed(1), r.msPerInference.toFixed(2), r.inferencesPerSecond.toFixed(1), r.gmacPerSecond.toFixed(2)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [head, ...body].map((cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const rows of [await benchKernels(), await benchModel()]) {
    console.log(formatKernelRows(rows));
    const [ref, wasm, ortFp32, ortInt8] = rows.filter((r) => !r.kernel.includes('2 threads'));
    console.log(`wasm / reference: ${(wasm.gmacPerSecond / ref.gmacPerSecond).toFixed(1)}x`);
    if (ortFp32) console.log(`wasm int8 / onnxruntime-web fp32: ${(wasm.gmacPerSecond / ortFp32.gmacPerSecond).toFixed(2)}x`);
    if (ortInt8) console.log(`wasm int8 / onnxruntime-web int8: ${(wasm.gmacPerSecond / ortInt8.gmacPerSecond).toFixed(2)}x`);
    console.log('');
  }
}
