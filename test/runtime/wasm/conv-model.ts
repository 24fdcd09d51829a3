/**
 * Single-op QModels for the kernel tests and benchmarks: one conv or fc over one int8 input,
 * constants given explicitly, so the reference and the wasm runner see the very same model.
 */
import type { QModel, QOp } from '../../../src/runtime/model.ts';
import { int32Tensor, int8Tensor } from '../../../src/runtime/tensor.ts';

export type ConvCase = {
  inShape: number[];
  outShape: number[];
  group: number;
  kernel: [number, number];
  strides: [number, number];
  pads: [number, number, number, number];
  dilations: [number, number];
  inputZp: number;
  outputZp: number;
  actMin: number;
  actMax: number;
  weights: Int8Array;
  bias: Int32Array;
  multipliers: Int32Array;
  shifts: Int32Array;
};

export type FcCase = {
  inShape: number[];
  outShape: number[];
  inputZp: number;
  outputZp: number;
  actMin: number;
  actMax: number;
  /** [n, k] */
  weights: Int8Array;
  bias: Int32Array;
  multipliers: Int32Array;
  shifts: Int32Array;
};

const QUANT = { zeroPoint: 0, scaleMultiplier: 1 << 30, scaleExponent: 0 };

/** The depth window of a 1-D/2-D op (the runtime's 3-D support reads it); cast through `as QOp` where used. */
export const FLAT_DEPTH = { kernel: 1, stride: 1, padBegin: 0, padEnd: 0, dilation: 1 };

function singleOpModel(op: QOp, inShape: number[], outShape: number[], constants: QModel['constants']): QModel {
  return {
    version: 1,
    inputs: [{ name: 'x', value: 0, quant: QUANT }],
    outputs: [{ name: 'y', value: 1, quant: QUANT }],
    values: [{ name: 'x', shape: inShape }, { name: 'y', shape: outShape }],
    constants,
    ops: [op],
  };
}

export function convModel(c: ConvCase): QModel {
  const m = c.outShape[1];
  const cg = c.inShape[1] / c.group;
  const op = {
    kind: 'conv', input: { value: 0 }, inputZp: c.inputZp, outputZp: c.outputZp, group: c.group,
    weights: 0, bias: 1, multipliers: 2, shifts: 3,
    kernel: c.kernel, strides: c.strides, pads: c.pads, dilations: c.dilations, depth: FLAT_DEPTH, actMin: c.actMin, actMax: c.actMax,
  } as QOp;
  return singleOpModel(op, c.inShape, c.outShape, [
    { name: 'w', tensor: int8Tensor([m, cg, ...c.kernel], c.weights) },
    { name: 'b', tensor: int32Tensor([m], c.bias) },
    { name: 'mult', tensor: int32Tensor([m], c.multipliers) },
    { name: 'shift', tensor: int32Tensor([m], c.shifts) },
  ]);
}

export function fcModel(c: FcCase): QModel {
  const n = c.outShape[c.outShape.length - 1];
  const k = c.inShape[c.inShape.length - 1];
  const op: QOp = {
    kind: 'fc', input: { value: 0 }, inputZp: c.inputZp, outputZp: c.outputZp,
    weights: 0, bias: 1, multipliers: 2, shifts: 3, actMin: c.actMin, actMax: c.actMax,
  };
  return singleOpModel(op, c.inShape, c.outShape, [
    { name: 'w', tensor: int8Tensor([n, k], c.weights) },
    { name: 'b', tensor: int32Tensor([n], c.bias) },
    { name: 'mult', tensor: int32Tensor([n], c.multipliers) },
    { name: 'shift', tensor: int32Tensor([n], c.shifts) },
  ]);
}

/** Output size of a convolution along one axis. */
export function convOutSize(size: number, kernel: number, stride: number, padBefore: number, padAfter: number, dilation: number): number {
  return Math.floor((size + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride) + 1;
}
