import type { QOp } from '../model.ts';
import { product, type ElementReader, type OperandSource } from './operands.ts';

type TransposeOp = Extract<QOp, { kind: 'transpose' }>;

/** Reshape moves no data: out[i] = in[i] (row-major). */
export function runReshape(op: Extract<QOp, { kind: 'reshape' }>, source: OperandSource): Int8Array {
  return Int8Array.from(source(op.input).data);
}

/** Transpose: out[i0..ir] = in[j] where in's coordinate along perm[d] is i_d. */
export function transposeSource(perm: readonly number[], inShape: readonly number[], outShape: readonly number[], index: number): number {
  const inStrides = new Array<number>(inShape.length);
  for (let d = inShape.length - 1, s = 1; d >= 0; d--) {
    inStrides[d] = s;
    s *= inShape[d];
  }
  let rem = index;
  let offset = 0;
  for (let d = outShape.length - 1; d >= 0; d--) {
    const coord = rem % outShape[d];
    rem = (rem - coord) / outShape[d];
    offset += coord * inStrides[perm[d]];
  }
  return offset;
}

/** transposeSource over every output, walking the output coordinates with an odometer. */
export function runTranspose(op: TransposeOp, source: OperandSource, outShape: readonly number[]): Int8Array {
  const input = source(op.input);
  const rank = outShape.length;
  const inStrides = new Array<number>(rank);
  for (let d = rank - 1, s = 1; d >= 0; d--) {
    inStrides[d] = s;
    s *= input.shape[d];
  }
  const step = op.perm.map((p) => inStrides[p]);
  const coord = new Array<number>(rank).fill(0);
  const out = new Int8Array(product(outShape));
  let offset = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = input.data[offset];
    for (let d = rank - 1; d >= 0; d--) {
      offset += step[d];
      if (++coord[d] < outShape[d]) break;
      offset -= step[d] * coord[d];
      coord[d] = 0;
    }
  }
  return out;
}

export function transposeElement(op: TransposeOp, reader: ElementReader, outShape: readonly number[], index: number): number {
  return reader.read(op.input, transposeSource(op.perm, reader.shape(op.input), outShape, index));
}
