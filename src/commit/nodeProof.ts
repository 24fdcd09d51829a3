import { nodeAt, type MerkleTree } from './merkleTree.ts';

/** A node of a tree with the siblings (bottom-up) that connect it to the root. */
export type NodeProof = {
  /** Distance from the root (0 = root). */
  level: number;
  index: number;
  node: Uint8Array;
  /** level siblings, from the node's own sibling up to the root's child. */
  siblings: Uint8Array[];
};

/** Proof of node (level, index) against the tree's root. */
export function nodeProof(tree: MerkleTree, level: number, index: number): NodeProof {
  const node = nodeAt(tree, level, index).slice();
  const siblings: Uint8Array[] = [];
  let i = index;
  for (let l = level; l > 0; l--) {
    siblings.push(nodeAt(tree, l, i ^ 1).slice());
    i = Math.floor(i / 2);
  }
  return { level, index, node, siblings };
}
