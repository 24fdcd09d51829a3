import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrng } from '../../../scripts/lib/prng.ts';
import { encodeVouchFile } from '../../../src/model/vouch-file.ts';
import type { QModel, QOp } from '../../../src/runtime/model.ts';
import { int32Tensor, int8Tensor } from '../../../src/runtime/tensor.ts';
import { validateModel } from '../../../src/runtime/validate-model.ts';

const QUANT = { zeroPoint: 0, scaleMultiplier: 1 << 30, scaleExponent: 0 };
const FLAT_DEPTH = { kernel: 1, stride: 1, padBegin: 0, padEnd: 0, dilation: 1 };

/** Trace positions of the tiny model's interesting tensors (1 input, 6 ops). */
export const TINY = {
  inputShape: [1, 2, 8, 8],
  /** conv 3x3: the first computed tensor, 512 bytes (two leaves: the tensor bisection has a round). */
  firstOp: 0,
  /** add(pool, conv1x1): a skip connection in the middle, its step reads two earlier tensors. */
  middleOp: 3,
  /** fc: the output. */
  lastOp: 5,
} as const;

/**
 * A model small enough to dispute in a few seconds yet with several op kinds and a skip
 * connection: x[1,2,8,8] -> conv 3x3 (->8) -> maxPool 2x2 -> conv 1x1 -> add(pool, conv1x1)
 * -> reshape [1,128] -> fc (->10). Constants from a seeded PRNG.
 */
export function tinyModel(seed = 7): QModel {
  const p = createPrng(seed);
  const ints = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => lo + p.int(hi - lo + 1));
  const constants: QModel['constants'] = [];
  const constant = (name: string, tensor: QModel['constants'][number]['tensor']) => constants.push({ name, tensor }) - 1;
  const channel = (weightShape: number[], shift: number) => {
    const m = weightShape[0];
    const k = weightShape.slice(1).reduce((a, b) => a * b, 1);
    return {
      weights: constant('w', int8Tensor(weightShape, Int8Array.from(ints(m * k, -127, 127)))),
      bias: constant('b', int32Tensor([m], Int32Array.from(ints(m, -2000, 2000)))),
      multipliers: constant('mult', int32Tensor([m], Int32Array.from(ints(m, 2 ** 30, 2 ** 31 - 1)))),
      shifts: constant('shift', int32Tensor([m], Int32Array.from({ length: m }, () => shift))),
    };
  };
  const window = (k: number, s: number, pad: number) => ({
    kernel: [k, k] as [number, number],
    strides: [s, s] as [number, number],
    pads: [pad, pad, pad, pad] as [number, number, number, number],
    dilations: [1, 1] as [number, number],
    depth: FLAT_DEPTH,
  });
  const ops = [
    { kind: 'conv', input: { value: 0 }, inputZp: 0, outputZp: -10, group: 1, ...channel([8, 2, 3, 3], -7), ...window(3, 1, 1), actMin: -128, actMax: 127 },
    { kind: 'maxPool', input: { value: 1 }, ...window(2, 2, 0) },
    { kind: 'conv', input: { value: 2 }, inputZp: -10, outputZp: 3, group: 1, ...channel([8, 8, 1, 1], -8), ...window(1, 1, 0), actMin: -128, actMax: 127 },
    {
      kind: 'add', a: { value: 2 }, b: { value: 3 }, subtract: false, aZp: -10, bZp: 3, outputZp: 0,
      aMultiplier: 1 << 30, aShift: -1, bMultiplier: 1 << 30, bShift: -1, outMultiplier: 1 << 30, outShift: -18, actMin: -128, actMax: 127,
    },
    { kind: 'reshape', input: { value: 4 } },
    { kind: 'fc', input: { value: 5 }, inputZp: 0, outputZp: 0, ...channel([10, 128], -11), actMin: -128, actMax: 127 },
  ] as QOp[];
  const model: QModel = {
    version: 1,
    inputs: [{ name: 'x', value: 0, quant: QUANT }],
    outputs: [{ name: 'y', value: 6, quant: QUANT }],
    values: [
      { name: 'x', shape: [...TINY.inputShape] },
      { name: 'conv', shape: [1, 8, 8, 8] },
      { name: 'pool', shape: [1, 8, 4, 4] },
      { name: 'pw', shape: [1, 8, 4, 4] },
      { name: 'skip', shape: [1, 8, 4, 4] },
      { name: 'flat', shape: [1, 128] },
      { name: 'y', shape: [1, 10] },
    ],
    constants,
    ops,
  };
  validateModel(model);
  return model;
}

/** Writes the tiny model as a .vouch file in `dir` (what a node loads) and returns its path. */
export function writeTinyModel(dir: string, seed = 7): string {
  const path = join(dir, 'tiny.vouch');
  writeFileSync(path, encodeVouchFile(tinyModel(seed), { note: 'test/node/dispute tiny model' }));
  return path;
}

/** A deterministic int8 input for the tiny model. */
export function tinyInput(seed: number): Int8Array {
  const p = createPrng(seed);
  return Int8Array.from({ length: 2 * 8 * 8 }, () => p.int(256) - 128);
}

/** The op kinds of opsModel, in trace order (each op's output is trace position 1 + its index). */
export const OPS_MODEL_KINDS = ['avgPool', 'lut', 'transpose', 'mul', 'reshape', 'matmul', 'softmax', 'add'] as const;

/**
 * A model for the op kinds the tiny model and MNIST lack, so that the node's step proof is
 * played on chain for every kind: x[1,4,6,6] -> avgPool 2x2 -> lut -> transpose (NHWC) ->
 * mul(self) -> reshape [1,25,4] -> matmul (constant [1,4,6]) -> softmax (rows of 6) ->
 * add(softmax, matmul) as the output.
 */
export function opsModel(seed = 11): QModel {
  const p = createPrng(seed);
  const ints = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => lo + p.int(hi - lo + 1));
  let e = 65536;
  const expTable = Array.from({ length: 256 }, () => (e = Math.max(0, e - 1 - p.int(3000))));
  expTable[0] = 65536;
  const constants: QModel['constants'] = [
    { name: 'table', tensor: int8Tensor([256], Int8Array.from(ints(256, -128, 127))) },
    { name: 'b', tensor: int8Tensor([1, 4, 6], Int8Array.from(ints(24, -127, 127))) },
    { name: 'exp', tensor: int32Tensor([256], Int32Array.from(expTable)) },
  ];
  const ops = [
    {
      kind: 'avgPool', input: { value: 0 }, inputZp: 0, outputZp: 0, multiplier: 1 << 30, shift: -1, countIncludePad: false,
      kernel: [2, 2], strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], depth: FLAT_DEPTH,
    },
    { kind: 'lut', input: { value: 1 }, table: 0 },
    { kind: 'transpose', input: { value: 2 }, perm: [0, 2, 3, 1] },
    { kind: 'mul', a: { value: 3 }, b: { value: 3 }, aZp: 0, bZp: 0, multiplier: 1 << 30, shift: -6, outputZp: 0, actMin: -128, actMax: 127 },
    { kind: 'reshape', input: { value: 4 } },
    { kind: 'matmul', a: { value: 5 }, b: { constant: 1 }, aZp: 0, bZp: 0, multiplier: 1 << 30, shift: -7, outputZp: 0, actMin: -128, actMax: 127 },
    { kind: 'softmax', input: { value: 6 }, outer: 25, n: 6, inner: 1, expTable: 2 },
    {
      kind: 'add', a: { value: 7 }, b: { value: 6 }, subtract: false, aZp: -128, bZp: 0, outputZp: 0,
      aMultiplier: 1 << 30, aShift: -1, bMultiplier: 1 << 30, bShift: -1, outMultiplier: 1 << 30, outShift: -18, actMin: -128, actMax: 127,
    },
  ] as QOp[];
  const model: QModel = {
    version: 1,
    inputs: [{ name: 'x', value: 0, quant: QUANT }],
    outputs: [{ name: 'y', value: 8, quant: QUANT }],
    values: [
      { name: 'x', shape: [1, 4, 6, 6] },
      { name: 'avg', shape: [1, 4, 5, 5] },
      { name: 'lut', shape: [1, 4, 5, 5] },
      { name: 'nhwc', shape: [1, 5, 5, 4] },
      { name: 'sq', shape: [1, 5, 5, 4] },
      { name: 'rows', shape: [1, 25, 4] },
      { name: 'mm', shape: [1, 25, 6] },
      { name: 'sm', shape: [1, 25, 6] },
      { name: 'y', shape: [1, 25, 6] },
    ],
    constants,
    ops,
  };
  validateModel(model);
  return model;
}

/** Writes opsModel as a .vouch file in `dir` and returns its path. */
export function writeOpsModel(dir: string, seed = 11): string {
  const path = join(dir, 'ops.vouch');
  writeFileSync(path, encodeVouchFile(opsModel(seed), { note: 'test/node/dispute model of the remaining op kinds' }));
  return path;
}

/** A deterministic int8 input of `size` elements. */
export function randomInput(seed: number, size: number): Int8Array {
  const p = createPrng(seed);
  return Int8Array.from({ length: size }, () => p.int(256) - 128);
}
