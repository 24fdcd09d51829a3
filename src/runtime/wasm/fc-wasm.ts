import type { QOp } from '../model.ts';
import type { Arena } from './arena.ts';
import type { ChannelConstants } from './exactness.ts';
import type { KernelExports } from './kernels-module.ts';
import { packParams } from './pack-conv.ts';

type FcOp = Extract<QOp, { kind: 'fc' }>;

/** Weights int8 [n rounded up to 4][kp], K padded with zeros to kp (a multiple of 16); params int32 [n]. */
export type PackedFc = { n: number; k: number; kp: number; weights: number; bias: number; mult: number; shift: number };

export function packFc(arena: Arena, n: number, k: number, c: ChannelConstants): PackedFc {
  const kp = Math.ceil(k / 16) * 16;
  const rows = Math.ceil(n / 4) * 4;
  const packed = new Int8Array(rows * kp);
  for (let j = 0; j < n; j++) for (let i = 0; i < k; i++) packed[j * kp + i] = c.weights[j * k + i];
  const weights = arena.keep(packed.length);
  arena.i8.set(packed, weights);
  return { n, k, kp, weights, ...packParams(arena, n, (j) => j, c) };
}

/** Fully connected over `rows` input rows; bit-identical to runFc. */
export function runFcWasm(kernels: KernelExports, arena: Arena, op: FcOp, p: PackedFc, input: Int8Array, rows: number): Int8Array {
  const [xP, outP] = arena.scratch(rows * p.kp * 2, rows * p.n);
  const x = arena.i16.subarray(xP >> 1, (xP >> 1) + rows * p.kp);
  x.fill(0);
  for (let r = 0; r < rows; r++) for (let i = 0; i < p.k; i++) x[r * p.kp + i] = input[r * p.k + i] - op.inputZp;
  kernels.fcRows(xP, p.weights, rows, p.n, p.kp, p.bias, p.mult, p.shift, outP, op.outputZp, op.actMin, op.actMax);
  return arena.i8.slice(outP, outP + rows * p.n);
}
