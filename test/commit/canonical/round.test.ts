import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CanonicalInputError, CanonicalSpecError } from '../../../src/commit/canonical/errors.ts';
import { roundBytes, roundHalfAwayFromZero } from '../../../src/commit/canonical/roundBytes.ts';
import { canonicalize } from '../../../src/commit/canonical/canonicalize.ts';

const f32 = Math.fround;
const tensors = (data: number[], dtype: 'float32' | 'float64' = 'float32', dims = [data.length]) => ({
  tensors: [{ dtype, dims, data: dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data) }],
});

describe('round:k', () => {
  it('rounds half away from zero, unlike Math.round', () => {
    assert.equal(roundHalfAwayFromZero(2.5, 0), 3);
    assert.equal(roundHalfAwayFromZero(-2.5, 0), -3);
    assert.equal(Math.round(-2.5), -2, 'Math.round rounds -2.5 toward +infinity');
    assert.equal(roundHalfAwayFromZero(0.5, 0), 1);
    assert.equal(roundHalfAwayFromZero(-0.5, 0), -1);
    assert.equal(roundHalfAwayFromZero(1.49, 0), 1);
    assert.equal(roundHalfAwayFromZero(-1.51, 0), -2);
    // The largest double below 0.5: floor(a + 0.5) would give 1.
    assert.equal(roundHalfAwayFromZero(0.49999999999999994, 0), 0);
    assert.equal(roundHalfAwayFromZero(4503599627370495.5, 0), 4503599627370496);
    assert.equal(roundHalfAwayFromZero(2 ** 60, 0), 2 ** 60);
  });

  it('works on the float32 value, widened exactly, times the exact double 10^k', () => {
    // float32(0.125) is exact: 0.125 * 100 = 12.5 -> 13.
    assert.equal(roundHalfAwayFromZero(f32(0.125), 2), 13);
    // float32(1.005) = 1.00499999523..., so 100.499999... -> 100 (a decimal-string rule would say 101).
    assert.equal(roundHalfAwayFromZero(f32(1.005), 2), 100);
    // float32(2.675) = 2.6749999523... -> 267.
    assert.equal(roundHalfAwayFromZero(f32(2.675), 2), 267);
    assert.equal(roundHalfAwayFromZero(f32(-7.36328125), 3), -7363);
    assert.equal(roundHalfAwayFromZero(f32(3.4028234663852886e38), 22), 3.4028234663852886e60);
  });

  it('normalises -0: tiny negatives and -0 give the bytes of +0', () => {
    assert.ok(Object.is(roundHalfAwayFromZero(-0, 3), 0));
    assert.ok(Object.is(roundHalfAwayFromZero(-0.0001, 3), 0));
    assert.deepEqual(roundBytes(tensors([-0, -1e-9, 1e-9]), 3), roundBytes(tensors([0, 0, 0]), 3));
  });

  it('refuses NaN and infinities, and k outside 0..22', () => {
    assert.throws(() => roundBytes(tensors([1, NaN]), 2), (e: unknown) => e instanceof CanonicalInputError && /output 0 has NaN at element 1/.test(e.message));
    assert.throws(() => roundBytes(tensors([Infinity]), 2), CanonicalInputError);
    assert.throws(() => roundBytes(tensors([-Infinity]), 2), CanonicalInputError);
    assert.throws(() => roundBytes(tensors([1e300], 'float64'), 22), (e: unknown) => e instanceof CanonicalInputError && /overflows/.test(e.message));
    assert.throws(() => roundBytes(tensors([1]), 23), CanonicalSpecError);
    assert.throws(() => roundBytes(tensors([1]), -1), CanonicalSpecError);
    assert.throws(() => roundBytes(tensors([1]), 1.5), CanonicalSpecError);
    assert.throws(() => roundBytes({ text: '1.0' }, 2), CanonicalInputError);
    assert.throws(() => roundBytes({ tensors: [{ dtype: 'bool', dims: [1], data: new Uint8Array([1]) }] }, 2), /cannot round output 0 of dtype bool/);
  });

  it('lays out u32be count, then per tensor u8 rank, u32be dims, binary64 big-endian values', () => {
    const bytes = roundBytes({ tensors: [{ dtype: 'float32', dims: [1, 2], data: Float32Array.from([1.25, -0.375]) }] }, 1);
    assert.equal(
      Buffer.from(bytes).toString('hex'),
      '00000001' + '02' + '00000001' + '00000002' + '402a000000000000' /* 12.5 -> 13 */ + 'c010000000000000' /* -3.75 -> -4 */,
    );
  });

  it('encodes results larger than the writer\'s first buffer', () => {
    const values = Array.from({ length: 500 }, (_, i) => (i - 250) / 3);
    const bytes = roundBytes(tensors(values, 'float64'), 2);
    const expected = Buffer.alloc(4 + 1 + 4 + 8 * 500);
    expected.writeUInt32BE(1, 0);
    expected[4] = 1;
    expected.writeUInt32BE(500, 5);
    values.forEach((v, i) => expected.writeDoubleBE(roundHalfAwayFromZero(v, 2), 9 + 8 * i));
    assert.equal(Buffer.from(bytes).toString('hex'), expected.toString('hex'));
  });

  it('does not depend on the dtype: float32 values and the same values as float64 or integers agree', () => {
    const values = [1.5, -2.25, 0, 7];
    assert.deepEqual(roundBytes(tensors(values, 'float32'), 2), roundBytes(tensors(values, 'float64'), 2));
    assert.deepEqual(
      roundBytes({ tensors: [{ dtype: 'int8', dims: [3], data: Int8Array.from([1, -2, 3]) }] }, 0),
      roundBytes(tensors([1, -2, 3], 'float64'), 0),
    );
    assert.deepEqual(
      roundBytes({ tensors: [{ dtype: 'int64', dims: [2], data: BigInt64Array.from([5n, -6n]) }] }, 1),
      roundBytes(tensors([5, -6], 'float64'), 1),
    );
  });

  it('is monotone and moves by at least one step for a difference of 10^-k (property, float64 values)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, k) => {
        const r = roundHalfAwayFromZero(x, k);
        const up = roundHalfAwayFromZero(x + 10 ** -k * 1.000001, k);
        return Number.isInteger(r) && Math.abs(r - x * 10 ** k) <= 0.5 + 1e-6 && up >= r + 1;
      }),
      { numRuns: 2000 },
    );
  });

  it('makes the hash of two float32 vectors within one ulp equal unless a value sits on a rounding boundary', () => {
    const a = Float32Array.from([10.123412, -3.456789, 0.000123]);
    const b = Float32Array.from(a, (v) => {
      const f = new Float32Array([v]);
      new Int32Array(f.buffer)[0] += 1;
      return f[0];
    });
    const hash = (d: Float32Array, k: number) => Buffer.from(canonicalize({ kind: 'round', decimals: k }, { tensors: [{ dtype: 'float32', dims: [3], data: d }] }).hash).toString('hex');
    assert.equal(hash(a, 4), hash(b, 4));
    assert.notEqual(canonicalize({ kind: 'exact' }, { tensors: [{ dtype: 'float32', dims: [3], data: a }] }).hash, canonicalize({ kind: 'exact' }, { tensors: [{ dtype: 'float32', dims: [3], data: b }] }).hash);
    // On a boundary one ulp can flip the result: float32(0.125) is exactly 12.5 hundredths.
    const edge = Float32Array.from([0.125]);
    const below = new Float32Array(edge);
    new Int32Array(below.buffer)[0] -= 1;
    assert.notEqual(hash(new Float32Array([edge[0], 0, 0]), 2), hash(new Float32Array([below[0], 0, 0]), 2));
  });
});
