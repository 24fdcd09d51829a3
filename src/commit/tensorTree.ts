import type { DType, IntTensor } from '../runtime/tensor.ts';
import { resolveLeafSize, type LeafSizeOptions } from './leafSizeOption.ts';
import { hashLeavesInto } from './merkleLevels.ts';
import { buildMerkleTree, type MerkleTree } from './merkleTree.ts';
import { tensorBytes } from './tensorBytes.ts';
import { dataLeafCount } from './treeGeometry.ts';

/** A tensor's Merkle tree with the packed bytes it commits to (for element proofs). */
export type TensorTree = MerkleTree & {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly leafSize: number;
  /** Packed little-endian element bytes (unpadded); may be a view of the tensor's buffer. */
  readonly bytes: Uint8Array;
};

/** Builds the full Merkle tree of a tensor (every level kept). Use tensorRoot when only the root is needed. */
export function tensorTree(tensor: IntTensor, options?: LeafSizeOptions): TensorTree {
  const leafSize = resolveLeafSize(options);
  const bytes = tensorBytes(tensor);
  const leafHashes = new Uint8Array(32 * dataLeafCount(bytes.length, leafSize));
  const leafCount = hashLeavesInto(bytes, leafSize, leafHashes);
  const tree = buildMerkleTree('tensor', leafHashes, leafCount);
  return { ...tree, dtype: tensor.dtype, shape: [...tensor.shape], leafSize, bytes };
}
