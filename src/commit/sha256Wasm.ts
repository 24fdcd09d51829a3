import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The exports of sha256.wasm (built from wasm/assembly/sha256*.ts by scripts/build-wasm.ts).
 * Pointers are byte offsets into `memory`; the host owns everything past heapBase().
 */
export type Sha256Exports = {
  memory: WebAssembly.Memory;
  heapBase(): number;
  hashBatch(input: number, stride: number, length: number, count: number, out: number): void;
  framePrefixed(src: number, itemLength: number, count: number, prefix: number, dst: number): void;
  singleBuffer(): number;
  hashSingle(length: number): void;
};

/** Longest message hashSingle takes (the buffer size in wasm/assembly/sha256.ts). */
export const SINGLE_MAX_BYTES = 256;

export const SHA256_WASM_URL = new URL('./wasm/sha256.wasm', import.meta.url);

let exports: Sha256Exports | undefined;
let base = 0;
let heap = new Uint8Array(0);

/** The module, instantiated once per process (synchronously: the commit API is synchronous). */
export function sha256Module(): Sha256Exports {
  if (!exports) {
    const module = new WebAssembly.Module(readFileSync(fileURLToPath(SHA256_WASM_URL)));
    exports = new WebAssembly.Instance(module, {}).exports as unknown as Sha256Exports;
    base = (exports.heapBase() + 63) & ~63;
    heap = new Uint8Array(exports.memory.buffer);
  }
  return exports;
}

/** First usable byte offset (64-byte aligned). */
export function wasmHeapStart(): number {
  sha256Module();
  return base;
}

/**
 * A view of the whole linear memory with at least `bytes` usable past wasmHeapStart().
 * Growing detaches earlier views: take a fresh one after every call that may grow.
 */
export function wasmHeap(bytes: number): Uint8Array {
  const { memory } = sha256Module();
  const need = base + bytes;
  if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  if (heap.buffer !== memory.buffer) heap = new Uint8Array(memory.buffer);
  return heap;
}
