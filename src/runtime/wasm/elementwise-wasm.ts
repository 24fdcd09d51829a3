import { INT32_MAX, multiplyByQuantizedMultiplier } from '../fixed-point.ts';
import { ADD_LEFT_SHIFT, type QOp } from '../model.ts';
import { broadcastSources, product, type Operand } from '../kernels/operands.ts';
import type { Arena } from './arena.ts';
import type { KernelExports } from './kernels-module.ts';

type AddOp = Extract<QOp, { kind: 'add' }>;
type MulOp = Extract<QOp, { kind: 'mul' }>;

const isInt8 = (v: number) => Number.isInteger(v) && v >= -128 && v <= 127;
const isShift = (s: number) => Number.isInteger(s) && s >= -31 && s <= 30;

/** Largest |MBQM((x - zp) * 2^20)| over int8 x: MBQM is monotonic in x, so an end of the range. */
function rescaledBound(zp: number, multiplier: number, shift: number): number {
  const at = (x: number) => Math.abs(multiplyByQuantizedMultiplier((x - zp) * (1 << ADD_LEFT_SHIFT), multiplier, shift));
  return Math.max(at(-128), at(127));
}

/** Why the wasm add/mul could differ from the reference, or null. */
function issue(op: AddOp | MulOp): string | null {
  if (![op.aZp, op.bZp, op.outputZp, op.actMin, op.actMax].every(isInt8) || op.actMin > op.actMax) return 'zero point or bounds outside int8';
  if (op.kind === 'mul') return isShift(op.shift) ? null : 'shift outside [-31, 30]';
  if (![op.aShift, op.bShift, op.outShift].every(isShift)) return 'shift outside [-31, 30]';
  // The reference adds the rescaled addends as exact numbers; the wasm sum is int32.
  if (rescaledBound(op.aZp, op.aMultiplier, op.aShift) + rescaledBound(op.bZp, op.bMultiplier, op.bShift) > INT32_MAX) return 'rescaled sum may overflow int32';
  return null;
}

/** An operand as a contiguous int8 array of the output's shape (broadcast gathered in JS). */
function expand(operand: Operand, outShape: readonly number[]): Int8Array {
  const data = operand.data as Int8Array;
  if (data.length === product(outShape) && operand.shape.length === outShape.length && operand.shape.every((d, i) => d === outShape[i])) return data;
  const map = broadcastSources(outShape, operand.shape);
  const out = new Int8Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = data[map[i]];
  return out;
}

/** Add/Sub or Mul with the wasm kernels, bit-identical to the reference; a string says why it cannot run exactly. */
export function runElementwiseWasm(k: KernelExports, arena: Arena, op: AddOp | MulOp, a: Operand, b: Operand, outShape: readonly number[]): Int8Array | string {
  if (!(a.data instanceof Int8Array) || !(b.data instanceof Int8Array)) return 'input not int8';
  const reason = issue(op);
  if (reason) return reason;
  const n = product(outShape);
  const [aP, bP, outP] = arena.scratch(n + 8, n + 8, n + 8);
  arena.i8.set(expand(a, outShape), aP);
  arena.i8.set(expand(b, outShape), bP);
  if (op.kind === 'add') {
    k.addInt8(aP, bP, outP, n, op.aZp, op.bZp, op.aMultiplier, op.aShift, op.bMultiplier, op.bShift, op.subtract ? 1 : 0, op.outMultiplier, op.outShift, op.outputZp, op.actMin, op.actMax);
  } else {
    k.mulInt8(aP, bP, outP, n, op.aZp, op.bZp, op.multiplier, op.shift, op.outputZp, op.actMin, op.actMax);
  }
  return arena.i8.slice(outP, outP + n);
}
