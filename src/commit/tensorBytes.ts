import type { IntTensor } from '../runtime/tensor.ts';
import { sizeOf } from '../runtime/tensor.ts';
import { CommitFormatError } from './errors.ts';

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The tensor's elements packed little-endian (int8: 1 byte, int32: 4 bytes two's
 * complement), row-major. Zero-copy view of the tensor's buffer on little-endian hosts.
 */
export function tensorBytes(tensor: IntTensor): Uint8Array {
  const { dtype, shape, data } = tensor;
  // INVARIANT: the committed bytes are exactly the shape's elements, no more, no less.
  if (data.length !== sizeOf(shape)) {
    throw new CommitFormatError(`${dtype} tensor of shape [${shape}] has ${data.length} elements, expected ${sizeOf(shape)}`);
  }
  if (dtype === 'int8') return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (dtype === 'int32') {
    if (littleEndian) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const out = new Uint8Array(data.length * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < data.length; i++) view.setInt32(4 * i, data[i], true);
    return out;
  }
  throw new CommitFormatError(`unsupported dtype '${dtype as string}': commitments cover int8 and int32 tensors only`);
}
