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
