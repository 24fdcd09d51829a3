import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int32Tensor, int8Tensor } from '../../src/runtime/tensor.ts';
import { tensorHash } from '../../src/commit/tensorHash.ts';
import { tensorTree } from '../../src/commit/tensorTree.ts';
import { traceTree } from '../../src/commit/traceTree.ts';
import { zeroHash } from '../../src/commit/zeroHash.ts';
import { hex } from './arbitraries.ts';

// The worked example of docs/commitment-format.md: if this test changes, the doc must too.
const A = int8Tensor([2, 3], Int8Array.from([1, -2, 3, -4, 5, -6]));
const B = int32Tensor([130], Int32Array.from({ length: 130 }, (_, i) => i - 65));
const C = int32Tensor([], Int32Array.from([-1]));

test('worked example A: int8 [2,3], one leaf', () => {
  const t = tensorTree(A);
  assert.equal(t.depth, 0);
  assert.equal(hex(t.levels[0]), 'af1878b84862d4ace6963bc4f119042e0b09517e05ee382b88f26b158a4be03e');
  assert.equal(hex(tensorHash(A)), 'd2b55d688575e5064146617c727925b1f0fde63007d6c9ac714b5452f707bc45');
});

test('worked example B: int32 [130], three data leaves and one padding leaf', () => {
  const t = tensorTree(B);
  assert.equal(t.depth, 2);
  assert.deepEqual([0, 1, 2].map((i) => hex(t.levels[2].subarray(32 * i, 32 * i + 32))), [
    'bb43cbe1d95031c6358abe11804001d876fb9526d036dcc172bb1896dbd628cf',
    '1cb0c381389d444fabfda60ba66027e894fd042bfc654d8dc72b67d3a6a604da',
    '8f24630334638accc5e0bfc857396117f2ab36cc8b330ebca4b874ea48e25f60',
  ]);
  assert.equal(hex(zeroHash('tensor', 1)), 'ae0798d0ecaed2b778eddebf18f071a561c53658c05e76cedecc27cafbdbc577');
  assert.equal(hex(t.levels[1].subarray(0, 32)), '0873e26ea257823b0637c9c1e86ed1b10ec4e404c6af665e17e378eb9fba1222');
  assert.equal(hex(t.levels[1].subarray(32, 64)), '77dc1f83b01a67d1bf4caf87ebbe6f3876e8350e3a12c2a5ceea6a30fb19d0ea');
  assert.equal(hex(t.levels[0]), '537825e46831a71c1cfc97aff8c77d300a31e8fd604c3e06c94407a1588f13f2');
  assert.equal(hex(tensorHash(B)), '54da9db9a90e35530be98a5093a1e7c88f1aefb52dce2ddf89d9e48e1727a70b');
});

test('worked example trace [A, B, C]', () => {
  assert.equal(hex(tensorHash(C)), 'b88a71a5b90e08eee93ef582dba8daa8a9ebc1b095a90fee6f4e0212e6bbac88');
  const t = traceTree([A, B, C].map((x) => tensorHash(x)));
  assert.equal(hex(t.levels[1].subarray(0, 32)), '205df7d211a36bc4a5054fc13d0aa61160995d68a58eb87fac6c3b0575a879af');
  assert.equal(hex(t.levels[1].subarray(32, 64)), '4a061ba206a9fb1b11d9c2e64c391b9e309948598cbaaebd5655a8eed2ff7d34');
  assert.equal(hex(t.levels[0]), 'c44880f7e04283714821287fa8bf644166deb8897181446127402e513ef95caf');
});
