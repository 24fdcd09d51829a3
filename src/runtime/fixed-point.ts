/**
 * The fixed-point primitives of the int8 runtime (gemmlowp / TFLite reference semantics).
 * One rounding mode everywhere: round half away from zero.
 *
 * All values are JavaScript numbers holding integers. Products that exceed 2^53 are never
 * formed: the 64-bit product of SRDHM is split into 16-bit limbs so every intermediate is an
 * exactly representable integer. No Math.* call and no non-integer intermediate is used, so
 * the results are the same bits on every engine (and in Solidity, see docs/int8-semantics.md).
 */

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
const TWO_15 = 32768;
const TWO_16 = 65536;
const TWO_30 = 1073741824;
const TWO_31 = 2147483648;

/** Floor division for integers below 2^53 in magnitude, m > 0, with exact intermediates. */
export function floorDiv(x: number, m: number): number {
  let r = x % m;
  if (r < 0) r += m;
  return (x - r) / m;
}

/**
 * SaturatingRoundingDoublingHighMul: trunc((a*b + nudge) / 2^31) where nudge = 2^30 if a*b >= 0,
 * else 1 - 2^30; saturates the single overflow case a = b = INT32_MIN to INT32_MAX.
 */
export function srdhm(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const negative = (a < 0) !== (b < 0) && a !== 0 && b !== 0;
  const nudge = negative ? 1 - TWO_30 : TWO_30;
  const bl = b & 0xffff;
  const bh = b >> 16;
  // a*b + nudge = (a*bh) * 2^16 + (a*bl + nudge), both terms exact (< 2^48).
  const p1 = a * bh;
  const t = a * bl + nudge;
  const r1 = p1 - floorDiv(p1, TWO_15) * TWO_15;
  const q1 = (p1 - r1) / TWO_15;
  // a*b + nudge = q1 * 2^31 + (r1 * 2^16 + t)
  const rest = r1 * TWO_16 + t;
  const q2 = floorDiv(rest, TWO_31);
  const r2 = rest - q2 * TWO_31;
  const floor = q1 + q2;
  // C-style division truncates toward zero: a negative non-exact quotient moves up by one.
  return floor < 0 && r2 !== 0 ? floor + 1 : floor;
}

/** RoundingDivideByPOT: x / 2^exponent rounded half away from zero, 0 <= exponent <= 31. */
export function roundingDivideByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  const mask = 0xffffffff >>> (32 - exponent);
  const remainder = x & mask;
  const threshold = (mask >>> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/** x * 2^left saturated to int32 (the left shift of a multiplier >= 1 never wraps). */
export function saturatingShiftLeft(x: number, left: number): number {
  if (left === 0) return x;
  const v = x * 2 ** left;
  return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v;
}

/**
 * MultiplyByQuantizedMultiplier: x * multiplier * 2^(shift - 31), with multiplier in
 * [2^30, 2^31) (or 0) and shift in [-31, 30]. Positive shifts scale up first (saturating),
 * negative shifts divide with rounding after the high multiply.
 */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  return roundingDivideByPOT(srdhm(saturatingShiftLeft(x, left), multiplier), right);
}

/** Integer division n / d (d > 0) rounded half away from zero. */
export function roundDiv(n: number, d: number): number {
  return n >= 0 ? floorDiv(2 * n + d, 2 * d) : -floorDiv(-2 * n + d, 2 * d);
}

export function clampInt8(v: number): number {
  return v < -128 ? -128 : v > 127 ? 127 : v;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
