import { QuantizationError } from '../errors.ts';
import type { Quant } from '../model.ts';

/** A value's affine quantization during import: real = scale * (q - zeroPoint). */
export type QuantParams = { scale: number; zeroPoint: number };

/**
 * A real multiplier as (multiplier in [2^30, 2^31), shift) with real = multiplier * 2^(shift - 31),
 * rounded to nearest (TFLite's QuantizeMultiplier). Multipliers too small to matter become (0, 0).
 */
export function quantizeMultiplier(real: number, what: string): { multiplier: number; shift: number } {
  const m = toFixedPoint(real, what);
  if (m.shift < -31) return { multiplier: 0, shift: 0 };
  if (m.shift > 30) throw new QuantizationError(`${what}: multiplier ${real} is too large for the int32 fixed-point format`);
  return m;
}

/** real = multiplier * 2^(shift - 31) with multiplier in [2^30, 2^31), for any exponent. */
export function toFixedPoint(real: number, what: string): { multiplier: number; shift: number } {
  if (!(real >= 0) || !Number.isFinite(real)) throw new QuantizationError(`${what}: ${real} is not a finite non-negative number`);
  if (real === 0) return { multiplier: 0, shift: 0 };
  let shift = Math.floor(Math.log2(real)) + 1;
  let multiplier = Math.round(real * 2 ** (31 - shift));
  // log2 can be off by one near powers of two; renormalize into [2^30, 2^31).
  while (multiplier >= 2 ** 31) {
    shift++;
    multiplier = Math.round(real * 2 ** (31 - shift));
  }
  while (multiplier < 2 ** 30) {
    shift--;
    multiplier = Math.round(real * 2 ** (31 - shift));
  }
  return { multiplier, shift };
}

export function multiplierValue(m: { multiplier: number; shift: number }): number {
  return m.multiplier * 2 ** (m.shift - 31);
}

/**
 * Asymmetric int8 parameters covering [lo, hi] (always widened to include 0, so that zero
 * padding is exact). The scale is snapped to a value the fixed-point format stores exactly.
 */
export function chooseQuantParams(lo: number, hi: number, what: string): QuantParams {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new QuantizationError(`${what}: calibration range [${lo}, ${hi}] is not finite`);
  lo = Math.min(lo, 0);
  hi = Math.max(hi, 0);
  if (hi - lo < 1e-6) hi = lo + 1e-6;
  const scale = multiplierValue(toFixedPoint((hi - lo) / 255, `${what} scale`));
  const zeroPoint = Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
  return { scale, zeroPoint };
}

/** The stored (integer-only) form of a value's quantization. */
export function storedQuant(q: QuantParams, what: string): Quant {
  const m = toFixedPoint(q.scale, `${what} scale`);
  return { zeroPoint: q.zeroPoint, scaleMultiplier: m.multiplier, scaleExponent: m.shift };
}

export function quantParamsOf(q: Quant): QuantParams {
  return { scale: multiplierValue({ multiplier: q.scaleMultiplier, shift: q.scaleExponent }), zeroPoint: q.zeroPoint };
}

export function quantizeValue(v: number, q: QuantParams): number {
  return Math.max(-128, Math.min(127, Math.round(v / q.scale) + q.zeroPoint));
}
