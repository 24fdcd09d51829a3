import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalBytes, canonicalize, resultHash } from '../../../src/commit/canonical/canonicalize.ts';
import { CanonicalInputError } from '../../../src/commit/canonical/errors.ts';
import { exactBytes } from '../../../src/commit/canonical/exactBytes.ts';
import { top1Bytes } from '../../../src/commit/canonical/top1Bytes.ts';
import { sha256 } from '../../../src/commit/sha256.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('exact', () => {
  it('lays out 0x01, u32be count, then per tensor ONNX dtype, rank, u32be dims and little-endian elements', () => {
    const bytes = exactBytes({
      tensors: [
        { dtype: 'float32', dims: [1, 2], data: Float32Array.from([1, -2]) },
        { dtype: 'int64', dims: [1], data: BigInt64Array.from([-1n]) },
      ],
    });
    assert.equal(
      hex(bytes),
      '01' + '00000002' + '01' + '02' + '00000001' + '00000002' + '0000803f' + '000000c0' + '07' + '01' + '00000001' + 'ffffffffffffffff',
    );
  });

  it('encodes results larger than the writer\'s first buffer (growth keeps earlier bytes)', () => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => i / 7);
    const bytes = exactBytes({ tensors: [{ dtype: 'float32', dims: [1000], data }, { dtype: 'uint8', dims: [300], data: new Uint8Array(300).fill(9) }] });
    const expected = Buffer.concat([
      Buffer.from('01' + '00000002' + '01' + '01' + '000003e8', 'hex'),
      Buffer.from(data.buffer),
      Buffer.from('02' + '01' + '0000012c', 'hex'),
      Buffer.alloc(300, 9),
    ]);
    assert.equal(hex(bytes), expected.toString('hex'));
  });

  it('keeps every bit: -0 and +0, two NaN payloads and one ulp all differ', () => {
    const t = (data: Float32Array) => exactBytes({ tensors: [{ dtype: 'float32', dims: [1], data }] });
    assert.notDeepEqual(t(Float32Array.from([0])), t(Float32Array.from([-0])));
    const nanA = new Float32Array(new Uint32Array([0x7fc00000]).buffer);
    const nanB = new Float32Array(new Uint32Array([0x7fc00001]).buffer);
    assert.notDeepEqual(t(nanA), t(nanB));
    assert.notDeepEqual(t(Float32Array.from([1])), t(new Float32Array(new Uint32Array([0x3f800001]).buffer)));
  });

  it('binds dtype and dims: the same bytes under another shape or type are another result', () => {
    const data = new Uint8Array([1, 2, 3, 4]);
    const a = exactBytes({ tensors: [{ dtype: 'uint8', dims: [4], data }] });
    assert.notDeepEqual(a, exactBytes({ tensors: [{ dtype: 'uint8', dims: [2, 2], data }] }));
    assert.notDeepEqual(a, exactBytes({ tensors: [{ dtype: 'int8', dims: [4], data: new Int8Array(data.buffer) }] }));
  });

  it('takes plain numbers as the dtype would store them, and text as 0x02 || UTF-8 without normalisation', () => {
    assert.deepEqual(
      exactBytes({ tensors: [{ dtype: 'float32', dims: [2], data: [0.5, 3] }] }),
      exactBytes({ tensors: [{ dtype: 'float32', dims: [2], data: Float32Array.from([0.5, 3]) }] }),
    );
    assert.equal(hex(exactBytes({ text: ' A\u00E9' })), '02' + '2041c3a9');
    assert.notDeepEqual(exactBytes({ text: 'a' }), exactBytes({ text: 'A' }));
  });

  it('refuses element counts that do not match dims and unpaired surrogates', () => {
    assert.throws(() => exactBytes({ tensors: [{ dtype: 'float32', dims: [3], data: new Float32Array(2) }] }), (e: unknown) => e instanceof CanonicalInputError && /3 elements\) but 2/.test(e.message));
    assert.throws(() => exactBytes({ text: '\uD800' }), CanonicalInputError);
  });
});

describe('top1', () => {
  it('lays out u8 rank, u32be leading dims, one u32be label per row', () => {
    const bytes = top1Bytes({ tensors: [{ dtype: 'float32', dims: [2, 3], data: Float32Array.from([0.1, 0.7, 0.2, 5, -1, 4]) }] });
    assert.equal(hex(bytes), '01' + '00000002' + '00000001' + '00000000');
    assert.equal(hex(top1Bytes({ tensors: [{ dtype: 'float32', dims: [3], data: Float32Array.from([0, 0, 1]) }] })), '00' + '00000002');
  });

  it('breaks ties toward the lowest index, -0 equal to +0', () => {
    const label = (data: number[]) => hex(top1Bytes({ tensors: [{ dtype: 'float64', dims: [data.length], data: Float64Array.from(data) }] })).slice(2);
    assert.equal(label([1, 3, 3]), '00000001');
    assert.equal(label([-0, 0]), '00000000');
    assert.equal(label([0, -0]), '00000000');
    assert.equal(label([-5, -5, -7]), '00000000');
  });

  it('reads only the first output and ignores the dtype: an int8 and a float32 vector with the same argmax agree', () => {
    const int8 = canonicalize({ kind: 'top1' }, { tensors: [{ dtype: 'int8', dims: [1, 4], data: Int8Array.from([-128, 12, 90, 3]) }] });
    const float = canonicalize(
      { kind: 'top1' },
      { tensors: [{ dtype: 'float32', dims: [1, 4], data: Float32Array.from([-3.5, 0.2, 8.25, 0.1]) }, { dtype: 'float32', dims: [1], data: Float32Array.from([9]) }] },
    );
    assert.equal(hex(int8.hash), hex(float.hash));
  });

  it('ranks 64-bit integers exactly', () => {
    const bytes = top1Bytes({ tensors: [{ dtype: 'int64', dims: [2], data: BigInt64Array.from([2n ** 62n + 1n, 2n ** 62n]) }] });
    assert.equal(hex(bytes), '00' + '00000000');
  });

  it('refuses NaN, scalars, empty rows, non-numeric dtypes, text and empty results', () => {
    const refuse = (result: Parameters<typeof top1Bytes>[0], pattern: RegExp) =>
      assert.throws(() => top1Bytes(result), (e: unknown) => e instanceof CanonicalInputError && pattern.test(e.message));
    refuse({ tensors: [{ dtype: 'float32', dims: [3], data: Float32Array.from([1, NaN, 0]) }] }, /NaN at element 1/);
    refuse({ tensors: [{ dtype: 'float32', dims: [3], data: Float32Array.from([NaN, 1, 0]) }] }, /NaN at element 0/);
    refuse({ tensors: [{ dtype: 'float32', dims: [], data: Float32Array.from([1]) }] }, /rank >= 1/);
    refuse({ tensors: [{ dtype: 'float32', dims: [2, 0], data: new Float32Array(0) }] }, /non-empty last axis/);
    refuse({ tensors: [{ dtype: 'bool', dims: [2], data: new Uint8Array(2) }] }, /cannot rank dtype bool/);
    refuse({ tensors: [{ dtype: 'float16', dims: [2], data: new Uint16Array(2) }] }, /cannot rank dtype float16/);
    refuse({ tensors: [] }, /at least one output/);
    refuse({ text: 'seven' }, /needs tensor outputs/);
  });
});

describe('result hash', () => {
  it('is SHA-256(0x08 || kind id || parameter || canonical bytes)', () => {
    const result = { tensors: [{ dtype: 'float32' as const, dims: [2], data: Float32Array.from([0.25, 1]) }] };
    for (const spec of [{ kind: 'exact' as const }, { kind: 'top1' as const }, { kind: 'round' as const, decimals: 3 }]) {
      const bytes = canonicalBytes(spec, result);
      const kind = { exact: 1, top1: 2, round: 3 }[spec.kind];
      const param = spec.kind === 'round' ? spec.decimals : 0;
      const expected = sha256(Uint8Array.from([0x08, kind, param, ...bytes]));
      assert.equal(hex(resultHash(spec, bytes)), hex(expected));
      assert.equal(hex(canonicalize(spec, result).hash), hex(expected));
    }
  });

  it('separates kinds and parameters: the same bytes under round:2 and round:3 hash apart', () => {
    const bytes = new Uint8Array([0, 0, 0, 0]);
    assert.notEqual(hex(resultHash({ kind: 'round', decimals: 2 }, bytes)), hex(resultHash({ kind: 'round', decimals: 3 }, bytes)));
    assert.notEqual(hex(resultHash({ kind: 'exact' }, bytes)), hex(resultHash({ kind: 'top1' }, bytes)));
  });
});
