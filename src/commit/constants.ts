import type { DType } from '../runtime/tensor.ts';

/**
 * Commitment format constants. Any change here changes every root: keep them equal to
 * contracts/src/lib/CommitConstants.sol and docs/commitment-format.md.
 */

/** Bytes of packed element data per Merkle leaf (chosen by measurement, see docs/commitment-format.md). */
export const LEAF_SIZE = 256;

/** First byte of a leaf hash preimage: 0x00 || leaf bytes. */
export const LEAF_DOMAIN = 0x00;
/** First byte of a tensor-tree inner node preimage: 0x01 || left || right. */
export const NODE_DOMAIN = 0x01;
/** First byte of a tensor hash preimage: 0x02 || dtype || rank || dims || root. */
export const TENSOR_DOMAIN = 0x02;
/** First byte of a trace-tree inner node preimage: 0x03 || left || right. */
export const TRACE_NODE_DOMAIN = 0x03;

/** dtype codes in the tensor hash preimage. */
export const DTYPE_CODE: Readonly<Record<DType, number>> = { int8: 1, int32: 2 };

/** Bytes per element. */
export const ELEMENT_SIZE: Readonly<Record<DType, number>> = { int8: 1, int32: 4 };

/** Largest rank the one-byte rank field can hold. */
export const MAX_RANK = 255;
/** Largest dimension the four-byte dimension field can hold. */
export const MAX_DIM = 0xffff_ffff;
