import { runOp } from '../kernels/index.ts';
import { product, type Operand } from '../kernels/operands.ts';
import type { QModel, QOp, Ref } from '../model.ts';
import type { OpRunner } from '../run-model.ts';
import { Arena } from './arena.ts';
import { convGeometry } from './conv-geometry.ts';
import { ConvThreads } from './conv-threads.ts';
import { runElementwiseWasm } from './elementwise-wasm.ts';
import { accumulatorIssue, requantIssue, type ChannelConstants } from './exactness.ts';
import { packFc, runFcWasm, type PackedFc } from './fc-wasm.ts';
import { instantiateKernels } from './kernels-module.ts';
import { runMatMulWasm } from './matmul-wasm.ts';
import { convPacking, type ConvPacking } from './pack-conv.ts';
import { runMaxPoolWasm } from './pool-wasm.ts';
import { chooseLayout, runConvWasm, type ConvLayout, type ConvPairsFn } from './run-conv.ts';

export type WasmRunnerOptions = {
  /** Force a convolution layout (tests); default: chosen per op by chooseLayout. */
  convLayout?: ConvLayout;
  /**
   * 2: split the MAC loop of large regular/grouped convolutions with a worker thread (the bits do
   * not change: each output is computed by one thread). Default 1. Call close() when done.
   */
  threads?: 1 | 2;
  /** With threads: 2, convolutions below this many MACs (per group and image) stay on one thread. */
  parallelMinMacs?: number;
  /** Tests: with threads: 2, the worker computes every split convolution alone. */
  parallelWorkerOnly?: boolean;
};

/** How many ops ran in wasm and how many fell back to the reference kernels (with the reasons). */
export type WasmRunnerStats = { wasm: number; reference: number; fallbacks: Map<string, number> };

export type WasmRunner = OpRunner & { stats: WasmRunnerStats; close(): void };

type ConvOp = Extract<QOp, { kind: 'conv' }>;
type FcOp = Extract<QOp, { kind: 'fc' }>;

/** A packed op, or why it cannot run in wasm exactly; tied to the constant tensors it was made from. */
type Prepared<P> = { constants: Operand[]; packed: P | string };

/**
 * An OpRunner that runs conv, fc, matmul, maxPool, add/sub and mul with the WASM SIMD kernels,
 * and every other op (or any op the wasm path would not reproduce exactly, see exactness.ts and
 * the *-wasm.ts checks) with the reference kernels. Results are the reference's bits. Each runner owns a wasm instance; packed weights stay in its memory
 * for the runner's lifetime (one runner per model, or per process for a few models).
 */
export function createWasmRunner(options: WasmRunnerOptions = {}): WasmRunner {
  const kernels = instantiateKernels();
  const arena = new Arena(kernels);
  const prepared = new WeakMap<QOp, Prepared<ConvPacking | PackedFc>>();
  const stats: WasmRunnerStats = { wasm: 0, reference: 0, fallbacks: new Map() };
  const threads = options.threads === 2 ? new ConvThreads(kernels, options.parallelWorkerOnly) : undefined;
  const minMacs = options.parallelMinMacs ?? 1_000_000;
  // Computed MACs of one convPairs call: pn positions x taps x 4-channel tiles x 8 (a pair, 4 channels).
  const convPairs: ConvPairsFn = threads
    ? (...args) => (args[5] * args[4] * args[6] * 8 >= minMacs ? threads.convPairs(...args) : kernels.convPairs(...args))
    : kernels.convPairs;

  function prepare<P extends ConvPacking | PackedFc>(op: ConvOp | FcOp, source: (ref: Ref) => Operand, make: (c: ChannelConstants) => P | string): P | string {
    const constants = [op.weights, op.bias, op.multipliers, op.shifts].map((i) => source({ constant: i }));
    const hit = prepared.get(op);
    if (hit && hit.constants.every((t, i) => t === constants[i])) return hit.packed as P | string;
    const [weights, bias, multipliers, shifts] = constants.map((t) => t.data);
    const c = { weights, bias, multipliers, shifts };
    const packed = requantIssue(op.inputZp, op.outputZp, op.actMin, op.actMax, c) ?? make(c);
    prepared.set(op, { constants, packed });
    return packed;
  }

  function conv(op: ConvOp, source: (ref: Ref) => Operand, outShape: readonly number[]): Int8Array | string {
    const input = source(op.input);
    if (!(input.data instanceof Int8Array)) return 'input not int8';
    const g = convGeometry(op, input.shape, outShape, source({ constant: op.weights }).data.length);
    if (typeof g === 'string') return g;
    const packed = prepare(op, source, (c) => accumulatorIssue(op.inputZp, c, g.m, g.cg * g.kh * g.kw) ?? convPacking(kernels, arena, g, c));
    if (typeof packed === 'string') return packed;
    return runConvWasm(kernels, arena, op, g, packed, options.convLayout ?? chooseLayout(g), input.data, convPairs);
  }

  function fc(op: FcOp, source: (ref: Ref) => Operand, outShape: readonly number[]): Int8Array | string {
    const input = source(op.input);
    if (!(input.data instanceof Int8Array)) return 'input not int8';
    const w = source({ constant: op.weights });
    if (w.shape.length !== 2) return 'weights not [N, K]';
    const [n, k] = w.shape;
    const rows = product(outShape) / n;
    if (!Number.isInteger(rows) || input.data.length !== rows * k) return 'input/output size';
    const packed = prepare(op, source, (c) => accumulatorIssue(op.inputZp, c, n, k) ?? packFc(arena, n, k, c));
    if (typeof packed === 'string') return packed;
    return runFcWasm(kernels, arena, op, packed, input.data, rows);
  }

  function maxPool(op: Extract<QOp, { kind: 'maxPool' }>, source: (ref: Ref) => Operand, outShape: readonly number[]): Int8Array | string {
    const input = source(op.input);
    if (!(input.data instanceof Int8Array)) return 'input not int8';
    return runMaxPoolWasm(kernels, arena, op, input.data, input.shape, outShape);
  }

  function matmul(op: Extract<QOp, { kind: 'matmul' }>, source: (ref: Ref) => Operand, outShape: readonly number[]): Int8Array | string {
    const a = source(op.a);
    const b = source(op.b);
    if (!(a.data instanceof Int8Array) || !(b.data instanceof Int8Array)) return 'input not int8';
    return runMatMulWasm(kernels, arena, op, { shape: a.shape, data: a.data }, { shape: b.shape, data: b.data }, outShape);
  }

  function run(op: QOp, source: (ref: Ref) => Operand, outShape: readonly number[]): Int8Array | string {
    switch (op.kind) {
      case 'conv': return conv(op, source, outShape);
      case 'fc': return fc(op, source, outShape);
      case 'matmul': return matmul(op, source, outShape);
      case 'maxPool': return maxPool(op, source, outShape);
      case 'add':
      case 'mul': return runElementwiseWasm(kernels, arena, op, source(op.a), source(op.b), outShape);
      default: return 'other op';
    }
  }

  const runner = (model: QModel, j: number, source: (ref: Ref) => Operand): Int8Array => {
    const op = model.ops[j];
    const outShape = model.values[model.inputs.length + j].shape;
    const result = run(op, source, outShape);
    if (typeof result !== 'string') {
      stats.wasm++;
      return result;
    }
    stats.reference++;
    stats.fallbacks.set(result, (stats.fallbacks.get(result) ?? 0) + 1);
    return runOp(op, source, outShape);
  };
  return Object.assign(runner, { stats, close: () => threads?.close() });
}

let shared: WasmRunner | undefined;

/** A process-wide wasm runner, made on first use; it keeps the packed weights of every model it ran. */
export const wasmRunner: OpRunner = (model, j, source) => (shared ??= createWasmRunner())(model, j, source);
