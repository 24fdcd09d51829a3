import type { DType } from '../runtime/tensor.ts';
import { ELEMENT_SIZE, LEAF_SIZE } from './constants.ts';
import { bytesEqual } from './bytesEqual.ts';
import type { ElementProof } from './elementProof.ts';
import { hashLeaf } from './hashNode.ts';
import { processProof } from './processProof.ts';
import { dataLeafCount, treeDepth } from './treeGeometry.ts';

export type VerifyElementProofParameters = {
  /** The tensor's Merkle root (not its tensor hash). */
  root: Uint8Array;
  dtype: DType;
  /** Number of elements of the tensor (product of its shape). */
  elementCount: number;
  proof: ElementProof;
  leafSize?: number;
};

/**
 * True when `proof.leaf` is leaf floor(elementIndex * size / leafSize) of the tree with
 * `root`, the tree has the depth the element count implies, and the padding bytes of the
 * last data leaf are zero. Read the value with readElement.
 */
export function verifyElementProof({ root, dtype, elementCount, proof, leafSize = LEAF_SIZE }: VerifyElementProofParameters): boolean {
  const size = ELEMENT_SIZE[dtype];
  const { elementIndex, leafIndex, leaf, siblings } = proof;
  if (!Number.isInteger(elementIndex) || elementIndex < 0 || elementIndex >= elementCount) return false;
  if (leafIndex !== Math.floor((elementIndex * size) / leafSize)) return false;
  if (leaf.length !== leafSize) return false;
  const byteLength = elementCount * size;
  if (siblings.length !== treeDepth(dataLeafCount(byteLength, leafSize))) return false;
  if (siblings.some((s) => s.length !== 32)) return false;
  // Bytes past the tensor's end (only in the last data leaf) must be zero: one canonical leaf per tensor.
  for (let b = Math.max(0, byteLength - leafIndex * leafSize); b < leafSize; b++) if (leaf[b] !== 0) return false;
  return bytesEqual(processProof('tensor', hashLeaf(leaf, leafSize), leafIndex, siblings), root);
}
