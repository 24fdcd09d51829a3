import { CommitIndexError } from './errors.ts';
import type { MerkleTree } from './merkleTree.ts';
import { nodeProof } from './nodeProof.ts';

/** Proof that a tensor hash is at `position` of a trace. */
export type TraceProof = { position: number; tensorHash: Uint8Array; siblings: Uint8Array[] };

/** Proof of the tensor hash at `position` (0 = first input) of a trace tree. */
export function traceProof(tree: MerkleTree, position: number): TraceProof {
  // INVARIANT: the position holds a tensor, not padding.
  if (!Number.isInteger(position) || position < 0 || position >= tree.leafCount) {
    throw new CommitIndexError('trace position', position, tree.leafCount);
  }
  const { node, siblings } = nodeProof(tree, tree.depth, position);
  return { position, tensorHash: node, siblings };
}
