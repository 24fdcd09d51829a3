import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ELEMENT_SIZE } from '../../src/commit/constants.ts';
import { elementProof } from '../../src/commit/elementProof.ts';
import { readElement } from '../../src/commit/readElement.ts';
import { tensorTree } from '../../src/commit/tensorTree.ts';
import { verifyElementProof } from '../../src/commit/verifyElementProof.ts';
import { CommitIndexError } from '../../src/commit/errors.ts';
import { nonEmptyTensorArb } from './arbitraries.ts';

const caseArb = nonEmptyTensorArb.chain((t) => fc.record({ t: fc.constant(t), e: fc.nat({ max: t.data.length - 1 }) }));
const copy = (p: ReturnType<typeof elementProof>) => ({ ...p, leaf: p.leaf.slice(), siblings: p.siblings.map((s) => s.slice()) });

test('every element proof verifies and reads back the element', () => {
  fc.assert(
    fc.property(caseArb, ({ t, e }) => {
      const tree = tensorTree(t);
      const proof = elementProof(tree, e);
      assert.ok(verifyElementProof({ root: tree.levels[0], dtype: t.dtype, elementCount: t.data.length, proof }));
      assert.equal(readElement(proof.leaf, t.dtype, e), t.data[e]);
    }),
    { numRuns: 300 },
  );
});

test('any tampered leaf byte (data or padding) is rejected', () => {
  fc.assert(
    fc.property(caseArb, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ t, e }, at, xor) => {
      const tree = tensorTree(t);
      const proof = copy(elementProof(tree, e));
      proof.leaf[at % proof.leaf.length] ^= xor;
      assert.equal(verifyElementProof({ root: tree.levels[0], dtype: t.dtype, elementCount: t.data.length, proof }), false);
    }),
    { numRuns: 300 },
  );
});

test('any tampered sibling byte, dropped or extra sibling is rejected', () => {
  fc.assert(
    fc.property(caseArb, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ t, e }, at, xor) => {
      const tree = tensorTree(t);
      const root = tree.levels[0];
      const args = { root, dtype: t.dtype, elementCount: t.data.length };
      const proof = copy(elementProof(tree, e));
      if (proof.siblings.length > 0) {
        const s = at % (32 * proof.siblings.length);
        const bad = copy(proof);
        bad.siblings[Math.floor(s / 32)][s % 32] ^= xor;
        assert.equal(verifyElementProof({ ...args, proof: bad }), false);
        assert.equal(verifyElementProof({ ...args, proof: { ...proof, siblings: proof.siblings.slice(1) } }), false);
      }
      assert.equal(verifyElementProof({ ...args, proof: { ...proof, siblings: [...proof.siblings, new Uint8Array(32)] } }), false);
    }),
    { numRuns: 300 },
  );
});

test('an index in another leaf, or out of range, is rejected', () => {
  fc.assert(
    fc.property(caseArb, fc.nat(), ({ t, e }, other) => {
      const tree = tensorTree(t);
      const proof = elementProof(tree, e);
      const args = { root: tree.levels[0], dtype: t.dtype, elementCount: t.data.length };
      const size = ELEMENT_SIZE[t.dtype];
      const e2 = other % t.data.length;
      const otherLeaf = Math.floor((e2 * size) / tree.leafSize);
      if (otherLeaf !== proof.leafIndex) {
        assert.equal(verifyElementProof({ ...args, proof: { ...proof, elementIndex: e2 } }), false);
        assert.equal(verifyElementProof({ ...args, proof: { ...proof, elementIndex: e2, leafIndex: otherLeaf } }), false);
      }
      assert.equal(verifyElementProof({ ...args, proof: { ...proof, elementIndex: t.data.length } }), false);
      assert.equal(verifyElementProof({ ...args, proof: { ...proof, elementIndex: -1 } }), false);
    }),
    { numRuns: 300 },
  );
});

test('a proof does not verify under another dtype or element count with a different depth', () => {
  fc.assert(
    fc.property(caseArb, ({ t, e }) => {
      const tree = tensorTree(t);
      const proof = elementProof(tree, e);
      const elementCount = t.data.length;
      const otherDtype = t.dtype === 'int8' ? 'int32' : 'int8';
      const root = tree.levels[0];
      // Reading as the other dtype moves the element to another leaf or changes the tree depth.
      const ok = verifyElementProof({ root, dtype: otherDtype, elementCount, proof });
      if (ok) assert.equal(Math.floor((e * (otherDtype === 'int8' ? 1 : 4)) / tree.leafSize), proof.leafIndex);
      assert.equal(verifyElementProof({ root, dtype: t.dtype, elementCount: elementCount * 4 + tree.leafSize * 2, proof }), false);
    }),
  );
});

test('elementProof refuses an element that does not exist', () => {
  const tree = tensorTree({ dtype: 'int8', shape: [3], data: new Int8Array(3) });
  assert.throws(() => elementProof(tree, 3), CommitIndexError);
});
