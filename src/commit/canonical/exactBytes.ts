import type { TensorDType } from '../../runtime/float/types.ts';
import { ByteWriter, checkElementCount } from './byteWriter.ts';
import { type CanonicalResult, type CanonicalTensor, ONNX_DTYPE_CODE } from './constants.ts';
import { CanonicalInputError } from './errors.ts';
import { utf8WellFormed } from './textBytes.ts';

/** Form byte of `exact` canonical bytes: what follows is tensors, or UTF-8 text. */
export const EXACT_FORM = { tensors: 0x01, text: 0x02 } as const;

type ArrayCtor = { new (n: number): ArrayLike<number | bigint>; BYTES_PER_ELEMENT: number; name: string };
const ARRAY_OF: Record<TensorDType, ArrayCtor> = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array,
};
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * `exact`: the result's bytes as they are.
 * Tensors: 0x01 || u32be(count) || per tensor: u8 ONNX dtype || u8 rank || u32be dims || elements little-endian.
 * Text: 0x02 || the UTF-8 bytes (no normalisation).
 */
export function exactBytes(result: CanonicalResult): Uint8Array {
  if ('text' in result) {
    const w = new ByteWriter();
    w.u8(EXACT_FORM.text);
    w.bytes(utf8WellFormed(result.text));
    return w.result();
  }
  const w = new ByteWriter(5 + result.tensors.reduce((n, t) => n + 2 + 4 * t.dims.length + t.data.length * (ARRAY_OF[t.dtype]?.BYTES_PER_ELEMENT ?? 0), 0));
  w.u8(EXACT_FORM.tensors);
  w.u32(result.tensors.length);
  result.tensors.forEach((t, i) => {
    const what = `output ${i}`;
    const code = ONNX_DTYPE_CODE[t.dtype];
    if (code === undefined) throw new CanonicalInputError(`${what} has dtype ${String(t.dtype)}, which exact cannot encode`);
    checkElementCount(t.dims, t.data.length, what);
    w.u8(code);
    w.shape(t.dims, what);
    w.bytes(elementBytesLE(t, what));
  });
  return w.result();
}

/** A tensor's elements little-endian; a typed array of the dtype's own kind is copied as is. */
function elementBytesLE(t: CanonicalTensor, what: string): Uint8Array {
  const Ctor = ARRAY_OF[t.dtype];
  let typed: ArrayBufferView & ArrayLike<number | bigint>;
  if (ArrayBuffer.isView(t.data) && (t.data as object).constructor === Ctor) {
    typed = t.data as unknown as ArrayBufferView & ArrayLike<number | bigint>;
  } else {
    try {
      typed = (Ctor as unknown as { from(a: ArrayLike<unknown>): ArrayBufferView & ArrayLike<number | bigint> }).from(t.data);
    } catch (cause) {
      throw new CanonicalInputError(`${what}: its elements do not fit dtype ${t.dtype}`, { cause });
    }
  }
  const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  if (LITTLE_ENDIAN_HOST || Ctor.BYTES_PER_ELEMENT === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const size = Ctor.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += size) for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j];
  return out;
}
