import { type Hex, bytesToHex } from 'viem';
import { ELEMENT_SIZE, LEAF_SIZE } from '../commit/constants.ts';
import { dataLeafCount } from '../commit/treeGeometry.ts';
import { tensorBytes } from '../commit/tensorBytes.ts';
import type { IntTensor } from '../runtime/tensor.ts';
import { DisputeProofError } from './errors.ts';

/**
 * Data leaf `leafIndex` of a tensor's tree, zero-padded to 256 bytes: the `leaf` of
 * DisputeGame.revealLeaf and pickElement.
 */
export function tensorLeaf(tensor: IntTensor, leafIndex: number): Hex {
  const bytes = tensorBytes(tensor);
  const leaves = dataLeafCount(bytes.length, LEAF_SIZE);
  // INVARIANT: the leaf is a data leaf (the game never descends into padding).
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= leaves) {
    throw new DisputeProofError(`leaf ${leafIndex} is out of range: the tensor has ${leaves} data leaves of ${LEAF_SIZE / ELEMENT_SIZE[tensor.dtype]} elements`);
  }
  const leaf = new Uint8Array(LEAF_SIZE);
  leaf.set(bytes.subarray(leafIndex * LEAF_SIZE, (leafIndex + 1) * LEAF_SIZE));
  return bytesToHex(leaf);
}
