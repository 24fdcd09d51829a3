import * as crypto from 'node:crypto';
import { sha256Module, wasmHeap, SINGLE_MAX_BYTES } from './sha256Wasm.ts';

// Messages of at most two blocks (inner nodes, tensor hash preimages up to rank 21) hash in
// about half of node:crypto's per-call time in sha256.wasm's scalar path; from three blocks on
// node:crypto is faster (measured, Node 20: 0.5 vs 0.9 us at 51 bytes, 1.0 vs 1.0 at 129).
const WASM_MAX_LENGTH = 119;

// crypto.hash (one-shot, no Hash object) exists from Node 20.12 / 21.7 and is ~1.5x faster
// per call on short inputs than createHash; fall back to createHash on older Node 20.
const oneShot: ((alg: string, data: Uint8Array, enc: 'buffer') => Uint8Array) | undefined =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (crypto.hash as unknown as (alg: string, data: Uint8Array, enc: 'buffer') => Uint8Array)
    : undefined;

/**
 * SHA-256 of `preimage[0, length)` written into `out[outOffset, outOffset + 32)`.
 * The hot path of every commitment: callers build preimages in preallocated buffers.
 */
export function sha256Into(preimage: Uint8Array, length: number, out: Uint8Array, outOffset: number): void {
  if (length <= WASM_MAX_LENGTH) {
    const wasm = sha256Module();
    const buffer = wasm.singleBuffer();
    const heap = wasmHeap(0);
    heap.set(length === preimage.length ? preimage : preimage.subarray(0, length), buffer);
    wasm.hashSingle(length);
    out.set(heap.subarray(buffer + SINGLE_MAX_BYTES, buffer + SINGLE_MAX_BYTES + 32), outOffset);
    return;
  }
  cryptoSha256Into(preimage, length, out, outOffset);
}

/** sha256Into through node:crypto whatever the length (the per-call fallback paths and baselines). */
export function cryptoSha256Into(preimage: Uint8Array, length: number, out: Uint8Array, outOffset: number): void {
  const input = length === preimage.length ? preimage : preimage.subarray(0, length);
  const digest = oneShot ? oneShot('sha256', input, 'buffer') : crypto.createHash('sha256').update(input).digest();
  out.set(digest, outOffset);
}

/** SHA-256 of `data` as a new 32-byte array (convenience for cold paths). */
export function sha256(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  sha256Into(data, data.length, out, 0);
  return out;
}
