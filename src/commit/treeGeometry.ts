import { LEAF_SIZE } from './constants.ts';

/** Number of data leaves for `byteLength` bytes: ceil(byteLength / leafSize), at least 1 (an empty tensor has one all-zero leaf). */
export function dataLeafCount(byteLength: number, leafSize: number = LEAF_SIZE): number {
  return Math.max(1, Math.ceil(byteLength / leafSize));
}

/** Depth of a tree with `leafCount` leaves (padded to a power of two): ceil(log2(leafCount)); 0 for one leaf. */
export function treeDepth(leafCount: number): number {
  let depth = 0;
  while (2 ** depth < leafCount) depth++;
  return depth;
}
