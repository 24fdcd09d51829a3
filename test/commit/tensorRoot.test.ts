import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { int32Tensor, int8Tensor } from '../../src/runtime/tensor.ts';
import { tensorRoot } from '../../src/commit/tensorRoot.ts';
import { tensorTree } from '../../src/commit/tensorTree.ts';
import { hashTensorHeader, tensorHash } from '../../src/commit/tensorHash.ts';
import { hashLeaf } from '../../src/commit/hashNode.ts';
import { LEAF_SIZE } from '../../src/commit/constants.ts';
import { CommitFormatError } from '../../src/commit/errors.ts';
import { hex, referenceTensorRoot, tensorArb } from './arbitraries.ts';

test('tensorRoot equals the naive reference for every leaf size', () => {
  fc.assert(
    fc.property(tensorArb, fc.constantFrom(4, 32, 64, 128, 256), (t, leafSize) => {
      assert.equal(hex(tensorRoot(t, { leafSize })), hex(referenceTensorRoot(t, leafSize)));
    }),
    { numRuns: 300 },
  );
});

test('tensorTree keeps the same root as tensorRoot', () => {
  fc.assert(
    fc.property(tensorArb, (t) => {
      assert.equal(hex(tensorTree(t).levels[0]), hex(tensorRoot(t)));
    }),
  );
});

test('an empty tensor commits to one all-zero data leaf', () => {
  assert.equal(hex(tensorRoot(int8Tensor([0]))), hex(hashLeaf(new Uint8Array(LEAF_SIZE))));
});

test('tensor hash binds dtype and shape', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.integer(), (n, seed) => {
      const data = new Int32Array(n).map((_, i) => Math.imul(seed, i + 1));
      const as32 = int32Tensor([n], data);
      const as8 = int8Tensor([4 * n], new Int8Array(data.buffer));
      // Same bytes, same root ...
      assert.equal(hex(tensorRoot(as32)), hex(tensorRoot(as8)));
      // ... but a different tensor hash, and reshaping changes it too.
      assert.notEqual(hex(tensorHash(as32)), hex(tensorHash(as8)));
      assert.notEqual(hex(tensorHash(as32)), hex(tensorHash(int32Tensor([1, n], data))));
      assert.notEqual(hex(tensorHash(as8)), hex(tensorHash(int8Tensor([n, 4], as8.data))));
    }),
  );
});

test('tensor hash preimage layout is 0x02 || dtype || rank || dims (u32 BE) || root', () => {
  const root = new Uint8Array(32).fill(0xab);
  // 0x02, dtype int32 = 2, rank 2, dims 2 and 3 as big-endian u32, then the root.
  const preimage = Buffer.concat([Buffer.from([0x02, 0x02, 0x02, 0, 0, 0, 2, 0, 0, 0, 3]), root]);
  assert.equal(hex(hashTensorHeader('int32', [2, 3], root)), createHash('sha256').update(preimage).digest('hex'));
});

test('shapes outside the format are refused with a typed error', () => {
  assert.throws(() => hashTensorHeader('int8', new Array(256).fill(1), new Uint8Array(32)), CommitFormatError);
  assert.throws(() => hashTensorHeader('int8', [2 ** 32], new Uint8Array(32)), CommitFormatError);
  assert.throws(() => hashTensorHeader('int8', [1], new Uint8Array(31)), CommitFormatError);
});
