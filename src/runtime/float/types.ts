import type { InferenceSession } from 'onnxruntime-web';

/**
 * Element types a float model may take or return, named as onnxruntime-web names them.
 * `float16` travels as raw bits in a Uint16Array (Node 20 has no Float16Array).
 */
export type TensorDType =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool';

export type TensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** A tensor held in memory: element type, dims (row-major) and its elements. */
export type HostTensor = { dtype: TensorDType; dims: readonly number[]; data: TensorData };

/** An input to runFloat: a HostTensor, or plain numbers (from JSON) converted to `dtype` after checks. */
export type TensorInput = { dtype: TensorDType; dims: readonly number[]; data: TensorData | readonly number[] | readonly bigint[] };

/**
 * An input or output of a model as its graph declares it. A dim is a number (fixed) or a
 * string (symbolic, such as a batch size `N`); `shape: null` when the graph does not declare one.
 */
export type FloatValueInfo = { name: string; dtype: TensorDType; shape: (number | string)[] | null };

/** A loaded float ONNX model, ready to run. */
export type FloatModel = {
  /** The ONNX file's bytes, as loaded (the model id is a hash of these: src/commit/floatModelId.ts). */
  bytes: Uint8Array;
  inputs: FloatValueInfo[];
  outputs: FloatValueInfo[];
  session: InferenceSession;
  /** Runs one at a time: onnxruntime-web refuses a run while another is in flight on the session. */
  queue: { tail: Promise<unknown> };
};
