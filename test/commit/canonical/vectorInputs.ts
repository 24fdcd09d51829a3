import type { CanonicalResult } from '../../../src/commit/canonical/constants.ts';
import type { TensorDType } from '../../../src/runtime/float/types.ts';

/** A result in JSON: tensor elements as numbers (64-bit integers as decimal strings), or text. */
export type VectorResult = { tensors: { dtype: TensorDType; dims: number[]; data: (number | string)[] }[] } | { text: string };
export type Vector = { spec: string; result: VectorResult; bytes: string; hash: string };

const ARRAY_OF: Partial<Record<TensorDType, { from(a: ArrayLike<number | bigint>): ArrayLike<number | bigint> }>> = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, int32: Int32Array, int64: BigInt64Array,
};

export function resultOf(v: VectorResult): CanonicalResult {
  if ('text' in v) return { text: v.text };
  return {
    tensors: v.tensors.map((t) => ({
      dtype: t.dtype,
      dims: t.dims,
      data: ARRAY_OF[t.dtype]!.from(t.dtype === 'int64' ? t.data.map((x) => BigInt(x)) : (t.data as number[])) as ArrayLike<number> | ArrayLike<bigint>,
    })),
  };
}

/** The inputs of vectors.json (docs/quorum-canonical.md): one or more per kind, edge cases included. */
export const VECTOR_INPUTS: { spec: string; result: VectorResult }[] = [
  { spec: 'exact', result: { tensors: [{ dtype: 'float32', dims: [1, 3], data: [0.5, -1.25, 3] }] } },
  { spec: 'exact', result: { tensors: [{ dtype: 'float32', dims: [2], data: [1, 2] }, { dtype: 'int64', dims: [1], data: ['-9007199254740993'] }] } },
  { spec: 'exact', result: { text: 'Seven ' } },
  { spec: 'top1', result: { tensors: [{ dtype: 'float32', dims: [1, 10], data: [-2.5, 0.25, 7.75, 7.75, 1, 0, 0, 0, 0, -9] }] } },
  { spec: 'top1', result: { tensors: [{ dtype: 'int8', dims: [1, 10], data: [-128, -3, 90, 12, 0, 0, 0, 0, 0, 1] }] } },
  { spec: 'top1', result: { tensors: [{ dtype: 'float64', dims: [2, 3], data: [0, 0, 0, -1, -0.5, -0.75] }] } },
  { spec: 'round:2', result: { tensors: [{ dtype: 'float32', dims: [1, 4], data: [0.125, -0.125, 1.005, -0.001] }] } },
  { spec: 'round:4', result: { tensors: [{ dtype: 'float32', dims: [3], data: [3.14159265, -2.71828182, 123456.789] }] } },
  { spec: 'round:0', result: { tensors: [{ dtype: 'float64', dims: [4], data: [2.5, -2.5, 0.49999999999999994, -0.4] }] } },
  { spec: 'text', result: { text: '  The ANSWER\u00A0is\n\n CAFE\u0301 ' } },
  { spec: 'text', result: { text: '' } },
];
