import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildSha256Wasm, SHA256_WASM_BINARY } from '../../scripts/build-wasm.ts';
import { sha256Batch } from '../../src/commit/sha256Batch.ts';
import { sha256Into } from '../../src/commit/sha256.ts';
import { tensorRoot } from '../../src/commit/tensorRoot.ts';
import { tensorTree } from '../../src/commit/tensorTree.ts';
import { commitTrace, traceRoot, traceTree } from '../../src/commit/traceTree.ts';
import { tensorBytes } from '../../src/commit/tensorBytes.ts';
import { hex, tensorArb } from './arbitraries.ts';
import { cryptoCommitTrace, cryptoTensorHash, cryptoTensorRoot } from './cryptoCommit.ts';
import { tensorHash } from '../../src/commit/tensorHash.ts';

const sha = (m: Uint8Array) => createHash('sha256').update(m).digest();

// Padding boundaries: 55/56 (length fits the first block or not), 63/64/65, 119/120, and the
// two preimage lengths of the format (65: inner node, 257: leaf).
const lengthArb = fc.oneof(fc.constantFrom(0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 257), fc.integer({ min: 0, max: 600 }));

test('hashBatch equals node:crypto for every message, length and count', () => {
  fc.assert(
    fc.property(lengthArb, fc.integer({ min: 1, max: 13 }), fc.integer({ min: 0, max: 5 }), fc.integer(), (length, count, gap, seed) => {
      const stride = length + gap;
      const messages = new Uint8Array(count * stride).map((_, i) => (Math.imul(seed ^ i, 2654435761) >>> 24) & 0xff);
      const digests = sha256Batch(messages, length, count, stride);
      for (let i = 0; i < count; i++) {
        assert.equal(hex(digests.subarray(32 * i, 32 * i + 32)), sha(messages.subarray(i * stride, i * stride + length)).toString('hex'), `message ${i} of ${count}, ${length} bytes`);
      }
    }),
    { numRuns: 400 },
  );
});

test('hashBatch of zero messages writes nothing', () => {
  assert.equal(sha256Batch(new Uint8Array(0), 65, 0).length, 0);
});

test('hashBatch handles one large batch (lanes and memory growth)', () => {
  const length = 257;
  const count = 5003;
  const messages = new Uint8Array(count * length).map((_, i) => (i * 131 + (i >>> 8)) & 0xff);
  const digests = sha256Batch(messages, length, count);
  for (const i of [0, 1, 2, 3, 4, 2500, 5000, 5001, 5002]) {
    assert.equal(hex(digests.subarray(32 * i, 32 * i + 32)), sha(messages.subarray(i * length, (i + 1) * length)).toString('hex'));
  }
});

test('tensorRoot, tensorTree and tensorHash give the node:crypto path\'s bytes on random tensors', () => {
  fc.assert(
    fc.property(tensorArb, fc.constantFrom(4, 32, 256), (t, leafSize) => {
      const want = hex(cryptoTensorRoot(tensorBytes(t), leafSize));
      assert.equal(hex(tensorRoot(t, { leafSize })), want);
      assert.equal(hex(tensorTree(t, { leafSize }).levels[0]), want);
      if (leafSize === 256) assert.equal(hex(tensorHash(t)), hex(cryptoTensorHash(t)));
    }),
    { numRuns: 300 },
  );
});

test('traceRoot, traceTree and commitTrace give the node:crypto path\'s bytes on random traces', () => {
  fc.assert(
    fc.property(fc.array(tensorArb, { minLength: 1, maxLength: 19 }), (tensors) => {
      const want = cryptoCommitTrace(tensors);
      const hashes = want.tensorHashes;
      assert.equal(hex(traceRoot(hashes)), hex(want.root));
      assert.equal(hex(traceTree(hashes).levels[0]), hex(want.root));
      const commitment = commitTrace(tensors);
      assert.equal(hex(commitment.root), hex(want.root));
      assert.deepEqual(commitment.tensorHashes.map(hex), hashes.map(hex));
    }),
    { numRuns: 100 },
  );
});

test('the committed sha256.wasm is what scripts/build-wasm.ts builds from wasm/assembly/sha256*.ts', async () => {
  const rebuilt = await buildSha256Wasm();
  const committed = readFileSync(SHA256_WASM_BINARY);
  assert.ok(Buffer.from(rebuilt).equals(committed), 'sha256.wasm is stale: run node --import tsx scripts/build-wasm.ts');
});

test('sha256Into (wasm for short messages, node:crypto for long ones) equals createHash at every length up to 300', () => {
  for (let length = 0; length <= 300; length++) {
    const message = new Uint8Array(length + 3).map((_, i) => (i * 29 + length) & 0xff);
    const out = new Uint8Array(40);
    sha256Into(message, length, out, 5);
    assert.equal(hex(out.subarray(5, 37)), sha(message.subarray(0, length)).toString('hex'), `length ${length}`);
  }
});
