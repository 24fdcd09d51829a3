import { CommitIndexError } from './errors.ts';
import { nodeAt, type MerkleTree } from './merkleTree.ts';

/** The two child hashes of internal node (level, index): what a party reveals at each bisection step. */
export function nodeChildren(tree: MerkleTree, level: number, index: number): { left: Uint8Array; right: Uint8Array } {
  // INVARIANT: leaves have no children.
  if (level >= tree.depth) throw new CommitIndexError('internal node level', level, tree.depth, 'leaves (level = depth) have no children');
  nodeAt(tree, level, index); // range check
  return { left: nodeAt(tree, level + 1, 2 * index).slice(), right: nodeAt(tree, level + 1, 2 * index + 1).slice() };
}
