// The batched SHA-256 module (entry of src/commit/wasm/sha256.wasm, built by
// scripts/build-wasm.ts): many messages of one length per call, so a Merkle level costs one
// call from JavaScript instead of one node:crypto call per node. The host lays out memory
// past heapBase() and grows it; nothing here allocates.
import { sha256One } from './sha256Scalar';
import { sha256X4 } from './sha256X4';

const SCRATCH_OUT: usize = memory.data(32, 16);

/** Bytes of the single-message buffer: a message of up to this length, then its digest. */
const SINGLE_BYTES: usize = 256;
const SINGLE: usize = memory.data(SINGLE_BYTES + 32, 16);

/**
 * A buffer below heapBase() for hashing one short message (sha256Into on small inputs) without
 * touching the host's layout: the message at singleBuffer(), up to 256 bytes, then
 * hashSingle(length) leaves the digest at singleBuffer() + 256.
 */
export function singleBuffer(): usize {
  return SINGLE;
}

export function hashSingle(length: usize): void {
  sha256One(SINGLE, length, SINGLE + SINGLE_BYTES);
}

/**
 * Digests of `count` messages of `length` bytes, message i at `input + i * stride`, into
 * `out + 32 * i`. Four lanes at a time; a remainder of two or three runs the four lanes with
 * repeated messages (still cheaper than the scalar path per message), a remainder of one the
 * scalar path. `out` must not overlap a later message.
 */
export function hashBatch(input: usize, stride: usize, length: usize, count: usize, out: usize): void {
  let i: usize = 0;
  for (; i + 4 <= count; i += 4) {
    const m = input + i * stride;
    const o = out + (i << 5);
    sha256X4(m, m + stride, m + 2 * stride, m + 3 * stride, length, o, o + 32, o + 64, o + 96);
  }
  const m = input + i * stride;
  const o = out + (i << 5);
  const rest = count - i;
  if (rest == 3) sha256X4(m, m + stride, m + 2 * stride, m, length, o, o + 32, o + 64, SCRATCH_OUT);
  else if (rest == 2) sha256X4(m, m + stride, m, m, length, o, o + 32, SCRATCH_OUT, SCRATCH_OUT);
  else if (rest == 1) sha256One(m, length, o);
}

/**
 * Frames `count` items of `itemLength` bytes (contiguous at `src`) as preimages
 * `prefix || item`, contiguous at `dst` with stride itemLength + 1: leaves (0x00 || leaf) and
 * inner nodes (domain || left || right, the two children being adjacent 32-byte hashes).
 */
export function framePrefixed(src: usize, itemLength: usize, count: usize, prefix: u8, dst: usize): void {
  for (let i: usize = 0; i < count; i++) {
    const d = dst + i * (itemLength + 1);
    store<u8>(d, prefix);
    memory.copy(d + 1, src + i * itemLength, itemLength);
  }
}

/** First byte the host may use: everything below is this module's static data and scratch. */
export function heapBase(): usize {
  return __heap_base;
}
