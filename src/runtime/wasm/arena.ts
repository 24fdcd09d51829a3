import type { KernelExports } from './kernels-module.ts';

const PAGE = 65536;
const ALIGN = 64;
const MAX_BYTES = 65536 * PAGE;
/** SIMD loads may run this far past the last byte a kernel needs. */
const OVERREAD = 64;

const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/**
 * Host-side layout of the kernels' memory: a region that only grows (packed weights, kept for
 * the runner's lifetime) and, above it, scratch space reused by every call. Typed-array views
 * are recreated whenever memory.grow detaches the old buffer.
 */
export class Arena {
  private top: number;
  private buffer: ArrayBuffer | undefined;
  private views: { i8: Int8Array; i16: Int16Array; i32: Int32Array } | undefined;

  constructor(private readonly kernels: KernelExports) {
    this.top = align(kernels.heapBase());
  }

  /** Allocates `bytes` that live as long as the runner. */
  keep(bytes: number): number {
    const at = this.top;
    this.top = align(at + bytes);
    this.ensure(this.top);
    return at;
  }

  /** Scratch blocks of the given sizes, valid until the next keep() or scratch(). */
  scratch(...sizes: number[]): number[] {
    let end = this.top;
    const offsets = sizes.map((size) => {
      const at = end;
      end = align(at + size + OVERREAD);
      return at;
    });
    this.ensure(end);
    return offsets;
  }

  get i8(): Int8Array {
    return this.view().i8;
  }
  get i16(): Int16Array {
    return this.view().i16;
  }
  get i32(): Int32Array {
    return this.view().i32;
  }

  private view() {
    const buffer = this.kernels.memory.buffer;
    if (buffer !== this.buffer || !this.views) {
      this.buffer = buffer;
      this.views = { i8: new Int8Array(buffer), i16: new Int16Array(buffer), i32: new Int32Array(buffer) };
    }
    return this.views;
  }

  private ensure(end: number): void {
    const memory = this.kernels.memory;
    const have = memory.buffer.byteLength;
    if (end + OVERREAD <= have) return;
    // Grow geometrically so a sequence of larger calls does not grow once per call.
    const want = Math.min(Math.max(end + OVERREAD, have * 1.5), MAX_BYTES);
    if (end + OVERREAD > want) throw new RangeError(`the wasm kernels need ${end + OVERREAD} bytes, more than wasm32 memory holds`);
    memory.grow(Math.ceil((want - have) / PAGE));
  }
}
