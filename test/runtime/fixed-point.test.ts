import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { INT32_MAX, INT32_MIN, multiplyByQuantizedMultiplier, roundDiv, roundingDivideByPOT, srdhm } from '../../src/runtime/fixed-point.ts';

// Reference semantics in BigInt, written straight from gemmlowp's definitions.
function srdhmRef(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero, like C
}
function rdbpotRef(x: number, e: number): number {
  const mask = (1n << BigInt(e)) - 1n;
  const X = BigInt(x);
  const threshold = (mask >> 1n) + (X < 0n ? 1n : 0n);
  return Number((X >> BigInt(e)) + ((X & mask) > threshold ? 1n : 0n));
}
const edgeInt32 = fc.oneof(fc.integer({ min: INT32_MIN, max: INT32_MAX }), fc.constantFrom(INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX, 1 << 30, -(1 << 30)));

describe('fixed-point primitives', () => {
  it('srdhm equals the 64-bit reference, including the saturating case', () => {
    fc.assert(fc.property(edgeInt32, edgeInt32, (a, b) => srdhm(a, b) === srdhmRef(a, b)), { numRuns: 20000 });
    assert.equal(srdhm(INT32_MIN, INT32_MIN), INT32_MAX);
    assert.ok(Object.is(srdhm(0, -5), 0) && Object.is(srdhm(-3, 1), 0), 'zero results are +0');
    // Ties round toward +infinity (docs/int8-semantics.md): 0.5 -> 1, -0.5 -> 0, -1.5 -> -1.
    assert.deepEqual([srdhm(1 << 30, 1), srdhm(-(1 << 30), 1), srdhm(-3 * (1 << 29), 2)], [1, 0, -1]);
  });
  it('roundingDivideByPOT rounds half away from zero', () => {
    fc.assert(fc.property(edgeInt32, fc.integer({ min: 0, max: 31 }), (x, e) => roundingDivideByPOT(x, e) === rdbpotRef(x, e)), { numRuns: 20000 });
    assert.equal(roundingDivideByPOT(5, 1), 3);
    assert.equal(roundingDivideByPOT(-5, 1), -3);
    assert.equal(roundingDivideByPOT(-4, 1), -2);
  });
  it('multiplyByQuantizedMultiplier approximates x * real within one unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 24), max: 2 ** 24 }), fc.integer({ min: 2 ** 30, max: INT32_MAX }), fc.integer({ min: -20, max: 4 }), (x, m, s) => {
        const exact = x * m * 2 ** (s - 31);
        const got = multiplyByQuantizedMultiplier(x, m, s);
        return Math.abs(exact) * 2 ** Math.max(s, 0) > INT32_MAX || Math.abs(got - exact) <= 1;
      }),
      { numRuns: 5000 },
    );
  });
  it('roundDiv rounds half away from zero', () => {
    assert.deepEqual([roundDiv(5, 2), roundDiv(-5, 2), roundDiv(7, 3), roundDiv(-7, 3), roundDiv(0, 9)], [3, -3, 2, -2, 0]);
    fc.assert(fc.property(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: 1, max: 2 ** 20 }), (n, d) => {
      const q = roundDiv(n, d);
      return Math.abs(n - q * d) * 2 <= d && (Math.abs(n - q * d) * 2 !== d || Math.abs(q * d) > Math.abs(n));
    }), { numRuns: 5000 });
  });
});
