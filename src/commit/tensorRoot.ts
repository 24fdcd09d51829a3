import type { IntTensor } from '../runtime/tensor.ts';
import { resolveLeafSize, type LeafSizeOptions } from './leafSizeOption.ts';
import { hashLeavesInto } from './merkleLevels.ts';
import { merkleRootInPlace } from './merkleTree.ts';
import { tensorBytes } from './tensorBytes.ts';
import { dataLeafCount } from './treeGeometry.ts';

// Reused across calls: committing a trace allocates no per-leaf or per-node buffers.
let scratch = new Uint8Array(32 * 1024);

/** Merkle root of a tensor's packed elements (hot path: keeps no tree). */
export function tensorRoot(tensor: IntTensor, options?: LeafSizeOptions): Uint8Array {
  const leafSize = resolveLeafSize(options);
  const bytes = tensorBytes(tensor);
  const leaves = dataLeafCount(bytes.length, leafSize);
  if (scratch.length < 32 * leaves) scratch = new Uint8Array(32 * leaves);
  const leafCount = hashLeavesInto(bytes, leafSize, scratch);
  return merkleRootInPlace('tensor', scratch, leafCount);
}
