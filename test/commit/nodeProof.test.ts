import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hashNode } from '../../src/commit/hashNode.ts';
import { nodeAt } from '../../src/commit/merkleTree.ts';
import { nodeChildren } from '../../src/commit/nodeChildren.ts';
import { nodeProof } from '../../src/commit/nodeProof.ts';
import { tensorTree } from '../../src/commit/tensorTree.ts';
import { verifyNodeProof } from '../../src/commit/verifyNodeProof.ts';
import { zeroHash } from '../../src/commit/zeroHash.ts';
import { CommitIndexError } from '../../src/commit/errors.ts';
import { hex, tensorArb } from './arbitraries.ts';

const nodeArb = tensorArb.chain((t) => {
  const tree = tensorTree(t);
  return fc.record({
    tree: fc.constant(tree),
    level: fc.integer({ min: 0, max: tree.depth }),
    seed: fc.nat(),
  }).map(({ tree, level, seed }) => ({ tree, level, index: seed % 2 ** level }));
});

test('every node (padding included) proves against the root', () => {
  fc.assert(
    fc.property(nodeArb, ({ tree, level, index }) => {
      const proof = nodeProof(tree, level, index);
      assert.ok(verifyNodeProof('tensor', tree.levels[0], proof));
      // The same bytes do not verify as a trace-tree node (domain separation).
      if (level > 0) assert.equal(verifyNodeProof('trace', tree.levels[0], proof), false);
    }),
    { numRuns: 300 },
  );
});

test('children of an internal node hash to it; padding subtrees are zero hashes', () => {
  fc.assert(
    fc.property(nodeArb, ({ tree, level, index }) => {
      if (level === tree.depth) {
        assert.throws(() => nodeChildren(tree, level, index), CommitIndexError);
        return;
      }
      const { left, right } = nodeChildren(tree, level, index);
      assert.equal(hex(hashNode('tensor', left, right)), hex(nodeAt(tree, level, index)));
      const firstLeaf = (2 * index + 1) * 2 ** (tree.depth - level - 1);
      if (firstLeaf >= tree.leafCount) assert.equal(hex(right), hex(zeroHash('tensor', tree.depth - level - 1)));
    }),
    { numRuns: 300 },
  );
});

test('a tampered node, sibling or index is rejected', () => {
  fc.assert(
    fc.property(nodeArb, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ tree, level, index }, at, xor) => {
      const root = tree.levels[0];
      const proof = nodeProof(tree, level, index);
      const node = proof.node.slice();
      node[at % 32] ^= xor;
      assert.equal(verifyNodeProof('tensor', root, { ...proof, node }), false);
      if (level > 0) {
        const siblings = proof.siblings.map((s) => s.slice());
        siblings[at % level][at % 32] ^= xor;
        assert.equal(verifyNodeProof('tensor', root, { ...proof, siblings }), false);
        const other = (index + 1 + (at % (2 ** level - 1 || 1))) % 2 ** level;
        const sameHash = hex(nodeAt(tree, level, other)) === hex(proof.node);
        if (other !== index && !sameHash) assert.equal(verifyNodeProof('tensor', root, { ...proof, index: other }), false);
      }
      assert.equal(verifyNodeProof('tensor', root, { ...proof, index: 2 ** level }), false);
    }),
    { numRuns: 300 },
  );
});
