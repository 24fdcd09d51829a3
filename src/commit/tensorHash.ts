import type { DType, IntTensor } from '../runtime/tensor.ts';
import { DTYPE_CODE, MAX_DIM, MAX_RANK, TENSOR_DOMAIN } from './constants.ts';
import { CommitFormatError } from './errors.ts';
import type { LeafSizeOptions } from './leafSizeOption.ts';
import { sha256 } from './sha256.ts';
import { tensorRoot } from './tensorRoot.ts';

/**
 * The tensor hash preimage 0x02 || dtype u8 || rank u8 || dims u32 big-endian each || root
 * (3 + 4 * rank + 32 bytes), checked against the format.
 */
export function tensorHeaderPreimage(dtype: DType, shape: readonly number[], root: Uint8Array): Uint8Array {
  const code = DTYPE_CODE[dtype];
  // INVARIANT: only int8 and int32 tensors are committed.
  if (code === undefined) throw new CommitFormatError(`unsupported dtype '${dtype}': commitments cover int8 and int32 tensors only`);
  // INVARIANT: rank fits one byte.
  if (shape.length > MAX_RANK) throw new CommitFormatError(`rank ${shape.length} exceeds ${MAX_RANK}`);
  // INVARIANT: the root is a 32-byte hash.
  if (root.length !== 32) throw new CommitFormatError(`tensor root must be 32 bytes, got ${root.length}`);
  const preimage = new Uint8Array(3 + 4 * shape.length + 32);
  const view = new DataView(preimage.buffer);
  preimage[0] = TENSOR_DOMAIN;
  preimage[1] = code;
  preimage[2] = shape.length;
  shape.forEach((d, i) => {
    // INVARIANT: each dimension fits four bytes.
    if (!Number.isInteger(d) || d < 0 || d > MAX_DIM) throw new CommitFormatError(`dimension ${i} of shape [${shape}] must be an integer in [0, 2^32)`);
    view.setUint32(3 + 4 * i, d, false);
  });
  preimage.set(root, 3 + 4 * shape.length);
  return preimage;
}

/**
 * Tensor hash from its parts: H(0x02 || dtype u8 || rank u8 || dims u32 big-endian each || root).
 * Binds dtype and shape, so equal bytes under another shape or dtype hash differently.
 */
export function hashTensorHeader(dtype: DType, shape: readonly number[], root: Uint8Array): Uint8Array {
  return sha256(tensorHeaderPreimage(dtype, shape, root));
}

/** The tensor hash: commits dtype, shape and the Merkle root of the elements. */
export function tensorHash(tensor: IntTensor, options?: LeafSizeOptions): Uint8Array {
  return hashTensorHeader(tensor.dtype, tensor.shape, tensorRoot(tensor, options));
}
