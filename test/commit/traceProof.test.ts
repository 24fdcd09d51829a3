import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { commitTrace, traceRoot, traceTree } from '../../src/commit/traceTree.ts';
import { traceProof } from '../../src/commit/traceProof.ts';
import { verifyTraceProof } from '../../src/commit/verifyTraceProof.ts';
import { tensorHash } from '../../src/commit/tensorHash.ts';
import { CommitFormatError, CommitIndexError } from '../../src/commit/errors.ts';
import { hex, referenceTraceRoot, tensorArb } from './arbitraries.ts';

const hashesArb = fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 40 });
const caseArb = hashesArb.chain((hs) => fc.record({ hs: fc.constant(hs), p: fc.nat({ max: hs.length - 1 }) }));

test('traceRoot equals the naive reference and the tree root', () => {
  fc.assert(
    fc.property(hashesArb, (hs) => {
      assert.equal(hex(traceRoot(hs)), hex(referenceTraceRoot(hs)));
      assert.equal(hex(traceTree(hs).levels[0]), hex(traceRoot(hs)));
    }),
  );
});

test('commitTrace hashes each tensor then the trace', () => {
  fc.assert(
    fc.property(fc.array(tensorArb, { minLength: 1, maxLength: 6 }), (ts) => {
      const c = commitTrace(ts);
      assert.deepEqual(c.tensorHashes.map(hex), ts.map((t) => hex(tensorHash(t))));
      assert.equal(hex(c.root), hex(traceRoot(c.tensorHashes)));
    }),
    { numRuns: 50 },
  );
});

test('every tensor proves its position; tampering and wrong lengths are rejected', () => {
  fc.assert(
    fc.property(caseArb, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ hs, p }, at, xor) => {
      const tree = traceTree(hs);
      const root = tree.levels[0];
      const proof = traceProof(tree, p);
      assert.ok(verifyTraceProof(root, hs.length, proof));
      const tensorHash = proof.tensorHash.slice();
      tensorHash[at % 32] ^= xor;
      assert.equal(verifyTraceProof(root, hs.length, { ...proof, tensorHash }), false);
      if (proof.siblings.length > 0) {
        const siblings = proof.siblings.map((s) => s.slice());
        siblings[at % siblings.length][at % 32] ^= xor;
        assert.equal(verifyTraceProof(root, hs.length, { ...proof, siblings }), false);
      }
      const q = (p + 1 + (at % hs.length)) % hs.length;
      if (q !== p && hex(hs[q]) !== hex(hs[p])) assert.equal(verifyTraceProof(root, hs.length, { ...proof, position: q }), false);
      assert.equal(verifyTraceProof(root, p, proof), false); // position beyond the model's trace length
      assert.equal(verifyTraceProof(root, 2 * hs.length + 1, proof), false); // depth the model does not have
    }),
    { numRuns: 300 },
  );
});

test('empty traces and missing positions are refused with typed errors', () => {
  assert.throws(() => traceRoot([]), CommitFormatError);
  assert.throws(() => traceProof(traceTree([new Uint8Array(32)]), 1), CommitIndexError);
});
