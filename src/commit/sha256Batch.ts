import { sha256Module, wasmHeap, wasmHeapStart } from './sha256Wasm.ts';

/**
 * SHA-256 of `count` messages of `length` bytes each, message i at `messages[i * stride, i *
 * stride + length)`, in one call into sha256.wasm; returns the 32 * count digest bytes.
 */
export function sha256Batch(messages: Uint8Array, length: number, count: number, stride: number = length): Uint8Array {
  // INVARIANT: every message lies inside `messages`.
  if (count > 0 && (count - 1) * stride + length > messages.length) throw new RangeError(`${count} messages of ${length} bytes at stride ${stride} exceed ${messages.length} bytes`);
  const input = wasmHeapStart();
  const inputBytes = (count * stride + 63) & ~63;
  const heap = wasmHeap(inputBytes + 32 * count);
  heap.set(messages.subarray(0, count * stride), input);
  sha256Module().hashBatch(input, stride, length, count, input + inputBytes);
  return heap.slice(input + inputBytes, input + inputBytes + 32 * count);
}
