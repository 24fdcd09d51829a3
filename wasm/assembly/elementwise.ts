// Elementwise Add/Sub and Mul over same-shape int8 operands (the host gathers broadcast
// operands first), eight elements per step, with the exact requantization of requant.ts.
import { mbqm4, storeInt8x8 } from './requant';

/**
 * out = clamp(MBQM(sa +/- sb, outMult, outShift) + outZp) with sa = MBQM((a - aZp) * 2^20, aMult, aShift),
 * sb likewise; n rounded up to 8 is read and written (the host leaves slack).
 * The host checks |sa| + |sb| stays within int32.
 */
export function addInt8(
  a: usize, b: usize, out: usize, n: i32, aZp: i32, bZp: i32, aMult: i32, aShift: i32, bMult: i32, bShift: i32,
  subtract: i32, outMult: i32, outShift: i32, outZp: i32, actMin: i32, actMax: i32,
): void {
  const za = i16x8.splat(<i16>aZp);
  const zb = i16x8.splat(<i16>bZp);
  const zp = i16x8.splat(<i16>outZp);
  const lo = i16x8.splat(<i16>actMin);
  const hi = i16x8.splat(<i16>actMax);
  for (let i = 0; i < n; i += 8) {
    const off = <usize>i;
    const va = i16x8.sub(i16x8.extend_low_i8x16_s(v128.load64_zero(a + off)), za);
    const vb = i16x8.sub(i16x8.extend_low_i8x16_s(v128.load64_zero(b + off)), zb);
    const sa0 = mbqm4(i32x4.shl(i32x4.extend_low_i16x8_s(va), 20), aMult, aShift);
    const sa1 = mbqm4(i32x4.shl(i32x4.extend_high_i16x8_s(va), 20), aMult, aShift);
    const sb0 = mbqm4(i32x4.shl(i32x4.extend_low_i16x8_s(vb), 20), bMult, bShift);
    const sb1 = mbqm4(i32x4.shl(i32x4.extend_high_i16x8_s(vb), 20), bMult, bShift);
    const s0 = subtract ? i32x4.sub(sa0, sb0) : i32x4.add(sa0, sb0);
    const s1 = subtract ? i32x4.sub(sa1, sb1) : i32x4.add(sa1, sb1);
    storeInt8x8(out + off, mbqm4(s0, outMult, outShift), mbqm4(s1, outMult, outShift), zp, lo, hi);
  }
}

/** out = clamp(MBQM((a - aZp) * (b - bZp), mult, shift) + outZp); |product| <= 65280. */
export function mulInt8(a: usize, b: usize, out: usize, n: i32, aZp: i32, bZp: i32, mult: i32, shift: i32, outZp: i32, actMin: i32, actMax: i32): void {
  const za = i16x8.splat(<i16>aZp);
  const zb = i16x8.splat(<i16>bZp);
  const zp = i16x8.splat(<i16>outZp);
  const lo = i16x8.splat(<i16>actMin);
  const hi = i16x8.splat(<i16>actMax);
  for (let i = 0; i < n; i += 8) {
    const off = <usize>i;
    const va = i16x8.sub(i16x8.extend_low_i8x16_s(v128.load64_zero(a + off)), za);
    const vb = i16x8.sub(i16x8.extend_low_i8x16_s(v128.load64_zero(b + off)), zb);
    const p0 = i32x4.extmul_low_i16x8_s(va, vb);
    const p1 = i32x4.extmul_high_i16x8_s(va, vb);
    storeInt8x8(out + off, mbqm4(p0, mult, shift), mbqm4(p1, mult, shift), zp, lo, hi);
  }
}
