import { createHash } from 'node:crypto';
import { modelCommitment } from '../commit/modelCommitment.ts';
import { ModelFormatError } from '../runtime/errors.ts';
import type { QModel } from '../runtime/model.ts';
import { int32Tensor, int8Tensor, type IntTensor } from '../runtime/tensor.ts';
import { validateModel } from '../runtime/validate-model.ts';

/**
 * The .vouch file: an integer-only model and its commitment.
 *
 *   magic "VOUCHMDL" (8 bytes) | format version u32 LE (= 1) | header length u32 LE
 *   | header (UTF-8 JSON: the model without constant data, plus `source` metadata)
 *   | constant data (each constant little-endian, in order, at the offsets the header gives)
 *   | model id (32 bytes) | SHA-256 of everything before it (32 bytes)
 *
 * Loading recomputes both: a truncated, corrupted or tampered file fails with ModelFormatError.
 */
const MAGIC = new TextEncoder().encode('VOUCHMDL');
const FORMAT_VERSION = 1;

export type ModelSource = { onnxSha256?: string; calibrationSamples?: number; note?: string };
export type VouchFile = { model: QModel; modelId: Uint8Array; source: ModelSource };

type ConstantEntry = { name: string; dtype: 'int8' | 'int32'; shape: number[]; offset: number; length: number };
type Header = Omit<QModel, 'constants'> & { constants: ConstantEntry[]; source: ModelSource };

export function encodeVouchFile(model: QModel, source: ModelSource = {}): Uint8Array {
  validateModel(model);
  let offset = 0;
  const constants: ConstantEntry[] = model.constants.map((c) => {
    const length = c.tensor.data.byteLength;
    const entry = { name: c.name, dtype: c.tensor.dtype, shape: [...c.tensor.shape], offset, length };
    offset += length;
    return entry;
  });
  const header: Header = { ...model, constants, source };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const total = 16 + headerBytes.length + offset + 64;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, 16);
  const dataStart = 16 + headerBytes.length;
  model.constants.forEach((c, i) => {
    const data = c.tensor.data;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // Typed arrays are little-endian on every platform Node runs on; the format fixes little-endian.
    out.set(bytes, dataStart + constants[i].offset);
  });
  const idAt = dataStart + offset;
  out.set(modelCommitment(model).modelId, idAt);
  out.set(createHash('sha256').update(out.subarray(0, idAt + 32)).digest(), idAt + 32);
  return out;
}

export function decodeVouchFile(bytes: Uint8Array): VouchFile {
  const fail = (problem: string, cause?: unknown): never => {
    throw new ModelFormatError(`not a valid .vouch model: ${problem}`, { cause });
  };
  if (bytes.length < 16 + 64) fail(`file is only ${bytes.length} bytes (truncated?)`);
  if (!MAGIC.every((b, i) => bytes[i] === b)) fail('missing the VOUCHMDL signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) fail(`format version ${version} is not supported (this build reads version ${FORMAT_VERSION})`);
  const checksumAt = bytes.length - 32;
  const digest = createHash('sha256').update(bytes.subarray(0, checksumAt)).digest();
  if (!digest.equals(bytes.subarray(checksumAt))) fail('checksum mismatch: the file is truncated, corrupted or was modified');
  const headerLength = view.getUint32(12, true);
  if (16 + headerLength > checksumAt - 32) fail('header length runs past the end of the file');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + headerLength)));
  } catch (cause) {
    return fail('the header is not valid JSON', cause);
  }
  if (!header || !Array.isArray(header.constants)) fail('the header has no constant table');
  const dataStart = 16 + headerLength;
  const idAt = checksumAt - 32;
  const constants = header.constants.map((c, i): { name: string; tensor: IntTensor } => {
    const size = c.dtype === 'int8' ? 1 : c.dtype === 'int32' ? 4 : fail(`constant ${i} has unknown dtype ${String(c.dtype)}`);
    if (!Number.isInteger(c.offset) || !Number.isInteger(c.length) || c.offset < 0 || c.length % size !== 0 || dataStart + c.offset + c.length > idAt) {
      fail(`constant ${i} ('${c.name}') lies outside the data section`);
    }
    // A fresh copy (Buffer.slice would share a pooled buffer): aligned for Int32Array and owned by the model.
    const copy = new Uint8Array(bytes.subarray(dataStart + c.offset, dataStart + c.offset + c.length));
    try {
      return { name: c.name, tensor: c.dtype === 'int8' ? int8Tensor(c.shape, new Int8Array(copy.buffer)) : int32Tensor(c.shape, new Int32Array(copy.buffer)) };
    } catch (cause) {
      return fail(`constant ${i} ('${c.name}') does not match its shape`, cause);
    }
  });
  const { source, ...rest } = header;
  const model: QModel = { ...rest, constants };
  validateModel(model);
  const modelId = modelCommitment(model).modelId;
  if (!Buffer.from(modelId).equals(bytes.subarray(idAt, idAt + 32))) fail('the stored model id does not match the model: the file was modified');
  return { model, modelId, source: source ?? {} };
}
