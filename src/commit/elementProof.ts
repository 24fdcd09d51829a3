import { ELEMENT_SIZE } from './constants.ts';
import { CommitIndexError } from './errors.ts';
import { nodeProof } from './nodeProof.ts';
import type { TensorTree } from './tensorTree.ts';

/** Proof of one element: its leaf (zero-padded to the leaf size) and the leaf's siblings bottom-up. */
export type ElementProof = {
  elementIndex: number;
  leafIndex: number;
  leaf: Uint8Array;
  siblings: Uint8Array[];
};

/** Proof that element `elementIndex` (row-major) of the committed tensor has its value. */
export function elementProof(tree: TensorTree, elementIndex: number): ElementProof {
  const size = ELEMENT_SIZE[tree.dtype];
  const count = tree.bytes.length / size;
  // INVARIANT: the element exists.
  if (!Number.isInteger(elementIndex) || elementIndex < 0 || elementIndex >= count) {
    throw new CommitIndexError('element index', elementIndex, count, `tensor of shape [${tree.shape}]`);
  }
  const leafIndex = Math.floor((elementIndex * size) / tree.leafSize);
  const leaf = new Uint8Array(tree.leafSize);
  leaf.set(tree.bytes.subarray(leafIndex * tree.leafSize, (leafIndex + 1) * tree.leafSize));
  return { elementIndex, leafIndex, leaf, siblings: nodeProof(tree, tree.depth, leafIndex).siblings };
}
