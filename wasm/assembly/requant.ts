// Exact requantization of src/runtime/fixed-point.ts (TFLite/gemmlowp semantics), SIMD and scalar.
//
// SRDHM(a, b) = trunc((a*b + nudge) / 2^31), nudge = 2^30 if a*b >= 0 else 1 - 2^30. For a*b < 0,
// trunc((a*b + 1 - 2^30) / 2^31) = floor((a*b + 1 - 2^30 + 2^31 - 1) / 2^31) = floor((a*b + 2^30) / 2^31),
// so for every a, b it is one 64-bit add and arithmetic shift: (a*b + 2^30) >> 31. The only result
// outside int32 is a = b = INT32_MIN (2^31), which saturates to INT32_MAX.

const INT32_MIN: i32 = i32.MIN_VALUE;
const INT32_MAX: i32 = i32.MAX_VALUE;
const NUDGE: i64 = 1 << 30;

/** MultiplyByQuantizedMultiplier on four lanes with one (multiplier, shift); shift in [-31, 30]. */
// @ts-ignore: decorator
@inline
export function mbqm4(v: v128, multiplier: i32, shift: i32): v128 {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  const mask = (1 << right) - 1;
  return mbqm4With(
    v, left, right, multiplier == INT32_MIN,
    i32x4.splat(INT32_MAX >> left), i32x4.splat(INT32_MIN >> left), i32x4.splat(multiplier), i32x4.splat(mask), i32x4.splat(mask >> 1),
  );
}

/**
 * mbqm4 with the channel's constants precomputed, for loops over many vectors of one channel:
 * left = max(shift, 0), right = max(-shift, 0), over/under = INT32_MAX/INT32_MIN >> left,
 * m = the multiplier, mask = 2^right - 1, half = mask >> 1 (all splatted).
 */
// @ts-ignore: decorator
@inline
export function mbqm4With(v: v128, left: i32, right: i32, multiplierIsMin: bool, over: v128, under: v128, m: v128, mask: v128, half: v128): v128 {
  // Saturating v * 2^left: lanes above INT32_MAX >> left (below INT32_MIN >> left) overflow.
  let s = i32x4.shl(v, left);
  s = v128.bitselect(i32x4.splat(INT32_MAX), s, i32x4.gt_s(v, over));
  s = v128.bitselect(i32x4.splat(INT32_MIN), s, i32x4.lt_s(v, under));
  // SRDHM in i64 lanes, then the low halves back to i32.
  const nudge = i64x2.splat(NUDGE);
  const lo = i64x2.shr_s(i64x2.add(i64x2.extmul_low_i32x4_s(s, m), nudge), 31);
  const hi = i64x2.shr_s(i64x2.add(i64x2.extmul_high_i32x4_s(s, m), nudge), 31);
  let r = v128.shuffle<i32>(lo, hi, 0, 2, 4, 6);
  if (multiplierIsMin) r = v128.bitselect(i32x4.splat(INT32_MAX), r, i32x4.eq(s, i32x4.splat(INT32_MIN)));
  // RoundingDivideByPOT: floor shift, plus one when the remainder exceeds half (ties away from zero).
  const threshold = i32x4.sub(half, i32x4.shr_s(r, 31));
  return i32x4.sub(i32x4.shr_s(r, right), i32x4.gt_s(v128.and(r, mask), threshold));
}

/** The same for one value. */
export function mbqm(x: i32, multiplier: i32, shift: i32): i32 {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  let s = x;
  if (x > INT32_MAX >> left) s = INT32_MAX;
  else if (x < INT32_MIN >> left) s = INT32_MIN;
  else s = x << left;
  const r: i32 = s == INT32_MIN && multiplier == INT32_MIN ? INT32_MAX : <i32>((<i64>s * <i64>multiplier + NUDGE) >> 31);
  const mask = (1 << right) - 1;
  const threshold = (mask >> 1) + (r < 0 ? 1 : 0);
  return (r >> right) + ((r & mask) > threshold ? 1 : 0);
}

/**
 * Eight int32 results (two vectors) -> eight int8 at out: + outputZp, clamp to [actMin, actMax].
 * Narrowing to i16 saturates first; with int8 zero point and bounds that cannot change the clamp.
 */
// @ts-ignore: decorator
@inline
export function storeInt8x8(out: usize, a: v128, b: v128, zp: v128, actMin: v128, actMax: v128): void {
  let n = i16x8.add_sat_s(i16x8.narrow_i32x4_s(a, b), zp);
  n = i16x8.min_s(i16x8.max_s(n, actMin), actMax);
  v128.store64_lane(out, i8x16.narrow_i16x8_s(n, n), 0);
}

/** Scalar counterpart of storeInt8x8. */
// @ts-ignore: decorator
@inline
export function toInt8(v: i32, zp: i32, actMin: i32, actMax: i32): i32 {
  // Pre-clamp keeps v + zp from wrapping; |zp| <= 128 so the final clamp is unchanged.
  let r = (v > 512 ? 512 : v < -512 ? -512 : v) + zp;
  return r < actMin ? actMin : r > actMax ? actMax : r;
}
