/**
 * The fixed-point primitives of the int8 runtime (gemmlowp / TFLite reference semantics).
 * Rounding as gemmlowp defines it (docs/int8-semantics.md): RDBPOT and roundDiv round half away
 * from zero; SRDHM's nudge-and-truncate rounds its ties toward +infinity.
 *
 * All values are JavaScript numbers holding integers. Products that exceed 2^53 are never
 * formed: the 64-bit product of SRDHM is split into 16-bit limbs so every intermediate is an
 * exactly representable integer. No Math.* call and no non-integer intermediate is used, so
 * the results are the same bits on every engine (and in Solidity, see docs/int8-semantics.md).
 */

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
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
 * else 1 - 2^30 (ties round toward +infinity); saturates a = b = INT32_MIN to INT32_MAX.
 *
 * Computed on magnitudes: with P = |a|*|b|, the result is sign * floor((P + c) / 2^31), where
 * c = 2^30 for a non-negative product and 2^30 - 1 for a negative one (truncation toward zero of
 * -(P + 2^30 - 1)). P is split into 16-bit limbs so every partial sum is an integer below 2^49.
 */
export function srdhm(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const negative = (a < 0) !== (b < 0);
  const ua = a < 0 ? -a : a;
  const ub = b < 0 ? -b : b;
  const ah = ua >>> 16;
  const al = ua & 0xffff;
  const bh = ub >>> 16;
  const bl = ub & 0xffff;
  // P + c = (ah*bh) * 2^32 + z with z = (ah*bl + al*bh) * 2^16 + al*bl + c < 2^49.
  const z = (ah * bl + al * bh) * TWO_16 + al * bl + (negative ? TWO_30 - 1 : TWO_30);
  // z / 2^31 only moves the exponent (exact); |0 then floors the non-negative quotient (< 2^18).
  const magnitude = ah * bh * 2 + ((z / TWO_31) | 0);
  // 0 - m, not -m: a zero result must be +0 (-0 is the same int8, but not the same number to ===-free checks).
  return negative ? 0 - magnitude : magnitude;
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
