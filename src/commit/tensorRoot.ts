import type { IntTensor } from '../runtime/tensor.ts';
import { resolveLeafSize, type LeafSizeOptions } from './leafSizeOption.ts';
import { cryptoHashLeavesInto } from './merkleLevels.ts';
import { tensorBytes } from './tensorBytes.ts';
import { dataLeafCount } from './treeGeometry.ts';
import { wasmTensorRoot } from './wasmMerkle.ts';

const oneLeaf = new Uint8Array(32);

/**
 * Merkle root of a tensor's packed elements (hot path: keeps no tree). The bytes are copied
 * once into sha256.wasm's memory and every level is reduced there; a one-leaf tensor is one
 * node:crypto call (its root is the leaf hash).
 */
export function tensorRoot(tensor: IntTensor, options?: LeafSizeOptions): Uint8Array {
  const leafSize = resolveLeafSize(options);
  const bytes = tensorBytes(tensor);
  if (dataLeafCount(bytes.length, leafSize) > 1) return wasmTensorRoot(bytes, leafSize);
  cryptoHashLeavesInto(bytes, leafSize, oneLeaf);
  return oneLeaf.slice();
}
