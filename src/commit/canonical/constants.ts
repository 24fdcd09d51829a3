import type { TensorDType } from '../../runtime/float/types.ts';

/**
 * The canonicalisations a quorum can compare results under (docs/quorum-canonical.md). The ids
 * are wire and chain values: never renumber; add new kinds with new ids. 0 means "none".
 */
export const CANONICAL_KIND_IDS = { exact: 1, top1: 2, round: 3, text: 4 } as const;

export type CanonicalKind = keyof typeof CANONICAL_KIND_IDS;

/** Names by id (the inverse of CANONICAL_KIND_IDS). */
export const CANONICAL_KIND_NAMES: Readonly<Record<number, CanonicalKind>> = Object.fromEntries(
  Object.entries(CANONICAL_KIND_IDS).map(([name, id]) => [id, name as CanonicalKind]),
);

/**
 * A declared canonicalisation: the kind and its one-byte parameter (`round`: the number of
 * decimals k; every other kind: 0). Written `exact`, `top1`, `round:k`, `text`.
 */
export type CanonicalSpec =
  | { kind: 'exact' }
  | { kind: 'top1' }
  | { kind: 'round'; decimals: number }
  | { kind: 'text' };

/** First byte of a result hash preimage (continuing the commitment domains 0x00..0x07). */
export const RESULT_DOMAIN = 0x08;

/** Largest `round:k`: 10^k is an exact binary64 constant up to 10^22. */
export const MAX_ROUND_DECIMALS = 22;

/** ONNX TensorProto.DataType codes: the dtype byte of `exact` tensors. */
export const ONNX_DTYPE_CODE: Readonly<Record<TensorDType, number>> = {
  float32: 1, uint8: 2, int8: 3, uint16: 4, int16: 5, int32: 6, int64: 7, bool: 9, float16: 10, float64: 11, uint32: 12, uint64: 13,
};

/** What a worker returns for canonicalisation: output tensors (in the model's output order) or text. */
export type CanonicalResult = { tensors: readonly CanonicalTensor[] } | { text: string };

/** A tensor as canonicalisation reads it (a runtime/float HostTensor, or an int8 runtime output). */
export type CanonicalTensor = {
  dtype: TensorDType;
  dims: readonly number[];
  data: ArrayLike<number> | ArrayLike<bigint>;
};
