/**
 * Integer tensors: the only values the deterministic runtime handles.
 * Row-major (C order), data in a typed array whose length is the product of the shape.
 */
export type DType = 'int8' | 'int32';

export type Int8Tensor = { dtype: 'int8'; shape: readonly number[]; data: Int8Array };
export type Int32Tensor = { dtype: 'int32'; shape: readonly number[]; data: Int32Array };
export type IntTensor = Int8Tensor | Int32Tensor;

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function int8Tensor(shape: readonly number[], data?: Int8Array): Int8Tensor {
  const n = sizeOf(shape);
  const d = data ?? new Int8Array(n);
  if (d.length !== n) throw new RangeError(`int8 tensor of shape [${shape}] needs ${n} elements, got ${d.length}`);
  return { dtype: 'int8', shape: [...shape], data: d };
}

export function int32Tensor(shape: readonly number[], data?: Int32Array): Int32Tensor {
  const n = sizeOf(shape);
  const d = data ?? new Int32Array(n);
  if (d.length !== n) throw new RangeError(`int32 tensor of shape [${shape}] needs ${n} elements, got ${d.length}`);
  return { dtype: 'int32', shape: [...shape], data: d };
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}
