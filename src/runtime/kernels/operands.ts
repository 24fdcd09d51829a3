import type { Ref } from '../model.ts';

/** A tensor as a kernel sees it: int8 activations or int8/int32 constants, row-major. */
export type Operand = { shape: readonly number[]; data: Int8Array | Int32Array };

/** Full-op kernels get whole operands. */
export type OperandSource = (ref: Ref) => Operand;

/**
 * Element recomputation reads single elements through this interface, so a verifier can back
 * each read by a Merkle proof and count exactly which elements one output depends on.
 */
export type ElementReader = {
  shape(ref: Ref): readonly number[];
  read(ref: Ref, index: number): number;
};

/** Shapes of rank 2..4 seen as [N, C, H, W] (the 2-D view used by the WASM kernels, which take no 3-D ops). */
export function nchw(shape: readonly number[]): [number, number, number, number] {
  if (shape.length > 4) throw new RangeError(`expected a tensor of rank 2 to 4, got shape [${shape}]`);
  const [n, c, , h, w] = ncdhw(shape);
  return [n, c, h, w];
}

/** Shapes of rank 2..5 seen as [N, C, D, H, W]: missing spatial axes have size 1 (1-D -> D = H = 1). */
export function ncdhw(shape: readonly number[]): [number, number, number, number, number] {
  switch (shape.length) {
    case 2: return [shape[0], shape[1], 1, 1, 1];
    case 3: return [shape[0], shape[1], 1, 1, shape[2]];
    case 4: return [shape[0], shape[1], 1, shape[2], shape[3]];
    case 5: return [shape[0], shape[1], shape[2], shape[3], shape[4]];
    default: throw new RangeError(`expected a tensor of rank 2 to 5, got shape [${shape}]`);
  }
}

export function product(xs: readonly number[]): number {
  let n = 1;
  for (const x of xs) n *= x;
  return n;
}

/**
 * Coordinates of output element `index` of an [N, C, D, H, W] tensor as (plane, z, y, x),
 * where plane = n * C + c enumerates the (batch, channel) pairs.
 */
export function spatialCoords(index: number, outShape: readonly number[]): { plane: number; z: number; y: number; x: number } {
  const [, , od, oh, ow] = ncdhw(outShape);
  const x = index % ow;
  let rest = (index - x) / ow;
  const y = rest % oh;
  rest = (rest - y) / oh;
  const z = rest % od;
  return { plane: (rest - z) / od, z, y, x };
}

/** Index of the input element that output element `index` reads under numpy broadcasting. */
export function broadcastSource(index: number, outShape: readonly number[], inShape: readonly number[]): number {
  let rem = index;
  let offset = 0;
  let inStride = 1;
  for (let d = outShape.length - 1, e = inShape.length - 1; d >= 0; d--, e--) {
    const coord = rem % outShape[d];
    rem = (rem - coord) / outShape[d];
    if (e >= 0) {
      if (inShape[e] !== 1) offset += coord * inStride;
      inStride *= inShape[e];
    }
  }
  return offset;
}

/**
 * broadcastSource for every output index at once (full kernels, float reference): walks the
 * output coordinates like an odometer, adding the input stride of each moving axis (0 where the
 * input dim is 1 or missing).
 */
export function broadcastSources(outShape: readonly number[], inShape: readonly number[]): Int32Array {
  const n = product(outShape);
  const map = new Int32Array(n);
  const rank = outShape.length;
  const stride = new Array<number>(rank).fill(0);
  for (let d = rank - 1, e = inShape.length - 1, s = 1; d >= 0 && e >= 0; d--, e--) {
    if (inShape[e] !== 1) stride[d] = s;
    s *= inShape[e];
  }
  const coord = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    map[i] = offset;
    for (let d = rank - 1; d >= 0; d--) {
      offset += stride[d];
      if (++coord[d] < outShape[d]) break;
      offset -= stride[d] * coord[d];
      coord[d] = 0;
    }
  }
  return map;
}
