import { ByteWriter, checkElementCount } from './byteWriter.ts';
import type { CanonicalResult } from './constants.ts';
import { CanonicalInputError } from './errors.ts';

const NUMERIC = new Set(['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64']);

/**
 * `top1`: the argmax label along the last axis of the first output tensor.
 * Bytes: u8 rank (input rank - 1) || u32be leading dims || one u32be label per row.
 * Ties go to the lowest index (-0 and +0 are equal); a NaN anywhere is refused.
 * The dtype is not part of the bytes, so a float model and its int8 version agree when their labels do.
 */
export function top1Bytes(result: CanonicalResult): Uint8Array {
  if (!('tensors' in result)) throw new CanonicalInputError('top1 needs tensor outputs, got text');
  const t = result.tensors[0];
  if (!t) throw new CanonicalInputError('top1 needs at least one output tensor, got none');
  if (!NUMERIC.has(t.dtype)) throw new CanonicalInputError(`top1 cannot rank dtype ${t.dtype}`);
  checkElementCount(t.dims, t.data.length, 'output 0');
  if (t.dims.length === 0) throw new CanonicalInputError('top1 needs an output of rank >= 1, got a scalar');
  const classes = t.dims[t.dims.length - 1];
  if (classes === 0) throw new CanonicalInputError('top1 needs a non-empty last axis');
  const w = new ByteWriter();
  w.shape(t.dims.slice(0, -1), 'output 0');
  const data = t.data as ArrayLike<number | bigint>;
  for (let row = 0; row < data.length; row += classes) {
    let best = 0;
    let bestValue = data[row];
    for (let c = 0; c < classes; c++) {
      const v = data[row + c];
      if (v !== v) throw new CanonicalInputError(`output 0 has NaN at element ${row + c}`);
      if (v > bestValue) {
        best = c;
        bestValue = v;
      }
    }
    w.u32(best);
  }
  return w.result();
}
