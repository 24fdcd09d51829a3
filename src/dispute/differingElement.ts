import { type Hex, hexToBytes } from 'viem';
import { LEAF_SIZE } from '../commit/constants.ts';
import { DisputeProofError } from './errors.ts';

/**
 * The first int8 element where two revealed leaves of leaf `leafIndex` differ: the
 * `elementIndex` of DisputeGame.pickElement (trace tensors are int8, one byte per element).
 * Returns undefined when the leaves are equal.
 */
export function differingElement(leafIndex: number, leaf: Hex, otherLeaf: Hex): number | undefined {
  const a = hexToBytes(leaf);
  const b = hexToBytes(otherLeaf);
  // INVARIANT: both are whole leaves.
  if (a.length !== LEAF_SIZE || b.length !== LEAF_SIZE) throw new DisputeProofError(`leaves must be ${LEAF_SIZE} bytes, got ${a.length} and ${b.length}`);
  for (let i = 0; i < LEAF_SIZE; i++) if (a[i] !== b[i]) return leafIndex * LEAF_SIZE + i;
  return undefined;
}
