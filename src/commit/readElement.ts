import type { DType } from '../runtime/tensor.ts';
import { ELEMENT_SIZE, LEAF_SIZE } from './constants.ts';
import { CommitProofShapeError } from './errors.ts';

/** The value of element `elementIndex` read from its leaf (little-endian, two's complement). */
export function readElement(leaf: Uint8Array, dtype: DType, elementIndex: number, leafSize: number = LEAF_SIZE): number {
  const size = ELEMENT_SIZE[dtype];
  const offset = (elementIndex * size) % leafSize;
  // INVARIANT: the element lies inside the leaf.
  if (leaf.length !== leafSize || offset + size > leaf.length) {
    throw new CommitProofShapeError(`leaf of ${leaf.length} bytes cannot hold ${dtype} element ${elementIndex} (leaf size ${leafSize})`);
  }
  const view = new DataView(leaf.buffer, leaf.byteOffset, leaf.byteLength);
  return size === 1 ? view.getInt8(offset) : view.getInt32(offset, true);
}
