import { OnnxParseError } from '../errors.ts';
import { onnx, toNumber, type TensorProto } from './proto.ts';

/**
 * A tensor in the import domain. Import is the one place floats are allowed: values are held
 * as float64 so that calibration and weight quantization lose nothing before rounding.
 */
export type FloatTensor = { dims: number[]; data: Float64Array };

const T = onnx.TensorProto.DataType;

const rawReaders: Partial<Record<number, { bytes: number; read: (v: DataView, o: number) => number }>> = {
  [T.FLOAT]: { bytes: 4, read: (v, o) => v.getFloat32(o, true) },
  [T.DOUBLE]: { bytes: 8, read: (v, o) => v.getFloat64(o, true) },
  [T.INT64]: { bytes: 8, read: (v, o) => Number(v.getBigInt64(o, true)) },
  [T.INT32]: { bytes: 4, read: (v, o) => v.getInt32(o, true) },
  [T.INT16]: { bytes: 2, read: (v, o) => v.getInt16(o, true) },
  [T.INT8]: { bytes: 1, read: (v, o) => v.getInt8(o) },
  [T.UINT8]: { bytes: 1, read: (v, o) => v.getUint8(o) },
  [T.BOOL]: { bytes: 1, read: (v, o) => v.getUint8(o) },
};

/** Decodes a TensorProto (raw_data or the typed repeated fields) into a FloatTensor. */
export function fromTensorProto(t: TensorProto, what = t.name ?? 'tensor'): FloatTensor {
  const dims = (t.dims ?? []).map(toNumber);
  const n = dims.reduce((a, b) => a * b, 1);
  const dataType = t.dataType ?? T.UNDEFINED;
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new OnnxParseError(`${what}: external tensor data is not supported; save the model with weights embedded`);
  }
  const reader = rawReaders[dataType];
  if (!reader) throw new OnnxParseError(`${what}: tensor data type ${T[dataType] ?? dataType} is not supported`);
  const data = new Float64Array(n);
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== n * reader.bytes) {
      throw new OnnxParseError(`${what}: raw_data holds ${raw.length} bytes, shape [${dims}] needs ${n * reader.bytes}`);
    }
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++) data[i] = reader.read(view, i * reader.bytes);
    return { dims, data };
  }
  const field = typedField(t, dataType);
  if (field.length !== n) {
    throw new OnnxParseError(`${what}: holds ${field.length} values, shape [${dims}] needs ${n}`);
  }
  for (let i = 0; i < n; i++) data[i] = toNumber(field[i]);
  return { dims, data };
}

function typedField(t: TensorProto, dataType: number): ArrayLike<unknown> {
  switch (dataType) {
    case T.FLOAT: return t.floatData ?? [];
    case T.DOUBLE: return t.doubleData ?? [];
    case T.INT64: return t.int64Data ?? [];
    default: return t.int32Data ?? [];
  }
}

/** Reads a serialized TensorProto file (the .pb files of ONNX test cases). */
export function decodeTensorProtoFile(bytes: Uint8Array, what = 'tensor file'): FloatTensor & { name: string } {
  let t: TensorProto;
  try {
    t = onnx.TensorProto.decode(bytes);
  } catch (cause) {
    throw new OnnxParseError(`${what}: not a serialized ONNX TensorProto`, { cause });
  }
  return { ...fromTensorProto(t, what), name: t.name ?? '' };
}

/** Encodes a float tensor as a TensorProto file (float32), e.g. to write run outputs. */
export function encodeTensorProtoFile(tensor: FloatTensor, name = ''): Uint8Array {
  return onnx.TensorProto.encode({
    name,
    dims: tensor.dims,
    dataType: T.FLOAT,
    floatData: Array.from(tensor.data),
  }).finish();
}
