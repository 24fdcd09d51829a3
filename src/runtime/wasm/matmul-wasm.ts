import { INT32_MAX } from '../fixed-point.ts';
import type { QOp } from '../model.ts';
import { broadcastSource, product } from '../kernels/operands.ts';
import type { Arena } from './arena.ts';
import type { KernelExports } from './kernels-module.ts';

type MatMulOp = Extract<QOp, { kind: 'matmul' }>;

const isInt8 = (v: number) => Number.isInteger(v) && v >= -128 && v <= 127;

/**
 * MatMul a [..., M, K] x b [..., K, N] (numpy-broadcast batch dims) with the wasm kernel,
 * bit-identical to runMatMul; a string says why it cannot run exactly.
 */
export function runMatMulWasm(
  k: KernelExports, arena: Arena, op: MatMulOp,
  a: { shape: readonly number[]; data: Int8Array }, b: { shape: readonly number[]; data: Int8Array }, outShape: readonly number[],
): Int8Array | string {
  const as = a.shape;
  const bs = b.shape;
  if (as.length < 2 || bs.length < 2 || outShape.length < 2) return 'operand rank';
  const [m, kk] = as.slice(-2);
  const [kb, n] = bs.slice(-2);
  if (kb !== kk || outShape[outShape.length - 2] !== m || outShape[outShape.length - 1] !== n) return 'matmul shapes';
  if (!isInt8(op.aZp) || !isInt8(op.bZp) || !isInt8(op.outputZp) || !isInt8(op.actMin) || !isInt8(op.actMax) || op.actMin > op.actMax) return 'zero point or bounds outside int8';
  if (!(op.shift >= -31 && op.shift <= 30)) return `shift ${op.shift} outside [-31, 30]`;
  const maxA = Math.max(127 - op.aZp, op.aZp + 128);
  const maxB = Math.max(127 - op.bZp, op.bZp + 128);
  if (kk * maxA * maxB > INT32_MAX) return 'accumulator may overflow int32';
  const batchShape = outShape.slice(0, -2);
  const batches = product(batchShape);
  const kp = Math.ceil(kk / 8) * 8;
  const [aP, bP, xP, wP, outP] = arena.scratch(a.data.length, b.data.length, m * kp * 2, Math.ceil(n / 4) * 4 * kp * 2, batches * m * n);
  const i8 = arena.i8;
  i8.set(a.data, aP);
  i8.set(b.data, bP);
  const aBatch = as.slice(0, -2);
  const bBatch = bs.slice(0, -2);
  for (let bi = 0; bi < batches; bi++) {
    k.packRows(aP + broadcastSource(bi, batchShape, aBatch) * m * kk, xP, m, kk, kp, op.aZp);
    k.packColumns(bP + broadcastSource(bi, batchShape, bBatch) * kk * n, wP, kk, n, kp, op.bZp);
    k.matmulRows(xP, wP, m, n, kp, op.multiplier, op.shift, outP + bi * m * n, op.outputZp, op.actMin, op.actMax);
  }
  return arena.i8.slice(outP, outP + batches * m * n);
}
