import { INT32_MAX, INT32_MIN } from '../fixed-point.ts';

/**
 * Conditions under which the wasm kernels give the reference kernels' exact bits. The int32
 * accumulators of the wasm code wrap where the reference's (JavaScript numbers) do not, and the
 * output stage assumes int8 zero points and clamp bounds; the importer guarantees all of this,
 * but a hand-made model may not, so the runner checks once per op and otherwise falls back.
 */
export type ChannelConstants = { weights: ArrayLike<number>; bias: ArrayLike<number>; multipliers: ArrayLike<number>; shifts: ArrayLike<number> };

const isInt8 = (v: number) => Number.isInteger(v) && v >= -128 && v <= 127;

/** Reason the requantization cannot run in wasm, or null. */
export function requantIssue(inputZp: number, outputZp: number, actMin: number, actMax: number, c: ChannelConstants): string | null {
  if (!isInt8(inputZp) || !isInt8(outputZp)) return 'zero point outside int8';
  if (!isInt8(actMin) || !isInt8(actMax) || actMin > actMax) return 'activation bounds not an int8 range';
  for (let i = 0; i < c.shifts.length; i++) if (!(c.shifts[i] >= -31 && c.shifts[i] <= 30)) return `shift ${c.shifts[i]} outside [-31, 30]`;
  for (let i = 0; i < c.weights.length; i++) if (!isInt8(c.weights[i])) return 'weight outside int8';
  return null;
}

/**
 * Reason an accumulator could leave int32, or null: for every output channel m (rows of k
 * weights), bias[m] +/- max|x - inputZp| * sum_k |w[m][k]| must stay within int32.
 */
export function accumulatorIssue(inputZp: number, c: ChannelConstants, rows: number, k: number): string | null {
  const maxInput = Math.max(127 - inputZp, inputZp + 128);
  for (let m = 0; m < rows; m++) {
    let sum = 0;
    for (let i = m * k; i < (m + 1) * k; i++) sum += Math.abs(c.weights[i]);
    if (c.bias[m] + maxInput * sum > INT32_MAX || c.bias[m] - maxInput * sum < INT32_MIN) return `channel ${m} may overflow int32`;
  }
  return null;
}
