import { ByteWriter, checkElementCount } from './byteWriter.ts';
import { type CanonicalResult, MAX_ROUND_DECIMALS } from './constants.ts';
import { CanonicalInputError, CanonicalSpecError } from './errors.ts';

const ROUNDABLE = new Set(['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64']);

/** 10^0 .. 10^22: every one an exact binary64 value (10^23 is not). */
const POWERS_OF_TEN = Array.from({ length: MAX_ROUND_DECIMALS + 1 }, (_, k) => Number(`1e${k}`));

/**
 * The `round:k` rule for one element, exact in IEEE-754 binary64 and so the same in every JS
 * engine (and in C, Rust, numpy with float64): x is the element's value as a binary64 (a
 * float32 widens exactly), y = x * 10^k with one binary64 rounding, then y is rounded to an
 * integer half away from zero: a = |y|, f = floor(a), r = f + 1 if a - f >= 0.5 else f (a - f
 * is exact: f = a when a >= 2^52, Sterbenz's lemma when 1 <= a < 2^52, f = 0 below), with y's
 * sign, and -0 becomes +0. NaN and infinities (in x or y) are refused.
 * Math.round is not used: it rounds halves toward +infinity (-2.5 -> -2).
 */
export function roundHalfAwayFromZero(x: number, decimals: number): number {
  const y = x * POWERS_OF_TEN[decimals];
  if (!Number.isFinite(y)) throw new CanonicalInputError(`round:${decimals} cannot round ${x}${Number.isFinite(x) ? ` (x * 10^${decimals} overflows)` : ''}`);
  const a = Math.abs(y);
  const f = Math.floor(a);
  const r = a - f >= 0.5 ? f + 1 : f;
  return r === 0 ? 0 : y < 0 ? -r : r;
}

/**
 * `round:k`: every element of every output tensor rounded by roundHalfAwayFromZero.
 * Bytes: u32be(count) || per tensor: u8 rank || u32be dims || each rounded value as a
 * binary64 big-endian (an integer-valued double, never -0). The dtype is not part of the bytes.
 */
export function roundBytes(result: CanonicalResult, decimals: number): Uint8Array {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_ROUND_DECIMALS) {
    throw new CanonicalSpecError(`round:k needs k in 0..${MAX_ROUND_DECIMALS}, got ${decimals}`);
  }
  if (!('tensors' in result)) throw new CanonicalInputError(`round:${decimals} needs tensor outputs, got text`);
  const w = new ByteWriter(4 + result.tensors.reduce((n, t) => n + 1 + 4 * t.dims.length + 8 * t.data.length, 0));
  w.u32(result.tensors.length);
  result.tensors.forEach((t, i) => {
    const what = `output ${i}`;
    if (!ROUNDABLE.has(t.dtype)) throw new CanonicalInputError(`round:${decimals} cannot round ${what} of dtype ${t.dtype}`);
    checkElementCount(t.dims, t.data.length, what);
    w.shape(t.dims, what);
    const data = t.data as ArrayLike<number | bigint>;
    for (let e = 0; e < data.length; e++) {
      let v = data[e];
      if (typeof v === 'bigint') {
        if (v > 2n ** 53n || v < -(2n ** 53n)) throw new CanonicalInputError(`${what} element ${e} = ${v} is beyond 2^53`);
        v = Number(v);
      }
      if (Number.isNaN(v)) throw new CanonicalInputError(`${what} has NaN at element ${e}`);
      try {
        w.f64(roundHalfAwayFromZero(v, decimals));
      } catch (error) {
        throw error instanceof CanonicalInputError ? new CanonicalInputError(`${what} element ${e}: ${error.shortMessage}`) : error;
      }
    }
  });
  return w.result();
}
