import { bytesToHex, type Hex, hexToBytes } from 'viem';
import { canonicalize } from '../../commit/canonical/canonicalize.ts';
import { type CanonicalTensor, ONNX_DTYPE_CODE } from '../../commit/canonical/constants.ts';
import { EXACT_FORM } from '../../commit/canonical/exactBytes.ts';
import type { HostTensor, TensorData, TensorDType } from '../../runtime/float/types.ts';
import { VouchError } from '../../errors.ts';

/** A quorum task's published input bytes cannot be read as tensors, or do not match its input hash. */
export class QuorumInputError extends VouchError {
  override readonly name = 'QuorumInputError';
  constructor(message: string) {
    super(message, { details: 'A quorum task publishes its inputs as the `exact` canonical bytes of its input tensors (docs/node.md "Quorum inputs").' });
  }
}

const DTYPE_OF_CODE = new Map<number, TensorDType>(Object.entries(ONNX_DTYPE_CODE).map(([d, c]) => [c, d as TensorDType]));
const ARRAY_OF: Partial<Record<TensorDType, { new (b: ArrayBuffer): TensorData; BYTES_PER_ELEMENT: number }>> = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array, float16: Uint16Array,
};

/**
 * The on-chain form of a quorum task's inputs: `inputData` is the `exact` canonical bytes of the
 * input tensors (self-describing: dtype, dims, little-endian elements, docs/quorum-canonical.md),
 * and the task commits to one input hash, the `exact` result hash of those bytes
 * (SHA-256(0x08 || 0x01 || 0x00 || bytes)). Every member decodes the same tensors.
 */
export function encodeQuorumInputs(tensors: readonly CanonicalTensor[]): { inputData: Hex; inputHashes: [Hex] } {
  const { bytes, hash } = canonicalize({ kind: 'exact' }, { tensors });
  return { inputData: bytesToHex(bytes), inputHashes: [bytesToHex(hash)] };
}

/** Decodes a task's published input bytes into tensors, checked against the task's input hashes (keccak of the packed hashes is what QuorumTasks stores). */
export function decodeQuorumInputs(inputData: Hex): { tensors: HostTensor[]; inputHashes: [Hex] } {
  const bytes = hexToBytes(inputData);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new QuorumInputError(`the input bytes end at ${bytes.length}, ${at + n} needed`);
  };
  need(5);
  if (bytes[0] !== EXACT_FORM.tensors) throw new QuorumInputError(`the input bytes start with 0x${bytes[0].toString(16)}, not the tensor form 0x01`);
  const count = view.getUint32(1);
  at = 5;
  const tensors: HostTensor[] = [];
  for (let i = 0; i < count; i++) {
    need(2);
    const dtype = DTYPE_OF_CODE.get(bytes[at]);
    const Ctor = dtype && ARRAY_OF[dtype];
    if (!dtype || !Ctor) throw new QuorumInputError(`input ${i} has an unknown dtype code ${bytes[at]}`);
    const rank = bytes[at + 1];
    at += 2;
    need(4 * rank);
    const dims: number[] = [];
    for (let d = 0; d < rank; d++) dims.push(view.getUint32(at + 4 * d));
    at += 4 * rank;
    const n = dims.reduce((a, b) => a * b, 1);
    const size = n * Ctor.BYTES_PER_ELEMENT;
    need(size);
    // Copied into an aligned buffer (elements are little-endian, as every host this runs on).
    const data = new Ctor(bytes.slice(at, at + size).buffer);
    at += size;
    tensors.push({ dtype, dims, data });
  }
  if (at !== bytes.length) throw new QuorumInputError(`${bytes.length - at} bytes follow the last input tensor`);
  return { tensors, inputHashes: [bytesToHex(canonicalize({ kind: 'exact' }, { tensors }).hash)] };
}
