import type { DType, IntTensor } from '../runtime/tensor.ts';
import { DTYPE_CODE, MAX_DIM, MAX_RANK, TENSOR_DOMAIN } from './constants.ts';
import { CommitFormatError } from './errors.ts';
import type { LeafSizeOptions } from './leafSizeOption.ts';
import { sha256Into } from './sha256.ts';
import { tensorRoot } from './tensorRoot.ts';

// The longest preimage (rank 255); written before hashing, never kept.
const preimageScratch = new Uint8Array(3 + 4 * MAX_RANK + 32);

/**
 * Writes the tensor hash preimage without its root, 0x02 || dtype u8 || rank u8 || dims u32
 * big-endian each (3 + 4 * rank bytes), at out[offset ..], checked against the format; `root`
 * is only checked (callers place it after the header). Returns the bytes written.
 */
export function writeTensorHeader(dtype: DType, shape: readonly number[], root: Uint8Array, out: Uint8Array, offset: number): number {
  const code = DTYPE_CODE[dtype];
  // INVARIANT: only int8 and int32 tensors are committed.
  if (code === undefined) throw new CommitFormatError(`unsupported dtype '${dtype}': commitments cover int8 and int32 tensors only`);
  // INVARIANT: rank fits one byte.
  if (shape.length > MAX_RANK) throw new CommitFormatError(`rank ${shape.length} exceeds ${MAX_RANK}`);
  // INVARIANT: the root is a 32-byte hash.
  if (root.length !== 32) throw new CommitFormatError(`tensor root must be 32 bytes, got ${root.length}`);
  out[offset] = TENSOR_DOMAIN;
  out[offset + 1] = code;
  out[offset + 2] = shape.length;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    // INVARIANT: each dimension fits four bytes.
    if (!Number.isInteger(d) || d < 0 || d > MAX_DIM) throw new CommitFormatError(`dimension ${i} of shape [${shape}] must be an integer in [0, 2^32)`);
    const at = offset + 3 + 4 * i;
    out[at] = d >>> 24;
    out[at + 1] = d >>> 16;
    out[at + 2] = d >>> 8;
    out[at + 3] = d;
  }
  return 3 + 4 * shape.length;
}

/**
 * Tensor hash from its parts: H(0x02 || dtype u8 || rank u8 || dims u32 big-endian each || root).
 * Binds dtype and shape, so equal bytes under another shape or dtype hash differently.
 */
export function hashTensorHeader(dtype: DType, shape: readonly number[], root: Uint8Array): Uint8Array {
  const header = writeTensorHeader(dtype, shape, root, preimageScratch, 0);
  preimageScratch.set(root, header);
  const out = new Uint8Array(32);
  sha256Into(preimageScratch, header + 32, out, 0);
  return out;
}

/** The tensor hash: commits dtype, shape and the Merkle root of the elements. */
export function tensorHash(tensor: IntTensor, options?: LeafSizeOptions): Uint8Array {
  return hashTensorHeader(tensor.dtype, tensor.shape, tensorRoot(tensor, options));
}
