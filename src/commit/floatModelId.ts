import { sha256 } from './sha256.ts';

/**
 * Domain byte of a float model id (continuing 0x04..0x06 of the int8 model commitment). An
 * int8 model id hashes 0x06 || 104 bytes, so no file can share an id with an int8 model.
 */
export const FLOAT_MODEL_DOMAIN = 0x07;

/**
 * The id of a float ONNX model: SHA-256(0x07 || the file's bytes). The file is taken as it is
 * (doc strings and metadata included): anyone can recompute it with `sha256sum` over the
 * prefixed file, and two files that differ in any byte are two models. A float model is
 * verified by quorum or sampling, never by bisection, so no Merkle structure is needed.
 */
export function floatModelId(onnxBytes: Uint8Array): Uint8Array {
  const pre = new Uint8Array(1 + onnxBytes.length);
  pre[0] = FLOAT_MODEL_DOMAIN;
  pre.set(onnxBytes, 1);
  return sha256(pre);
}
