import { CanonicalInputError } from './errors.ts';

/** An append-only byte buffer with the big-endian integer writes the canonical layouts use. */
export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  length = 0;

  /** `capacity`: the expected final length, when the caller knows it (saves regrowing large results). */
  constructor(capacity = 256) {
    this.buffer = new Uint8Array(capacity);
    this.view = new DataView(this.buffer.buffer);
  }

  private reserve(n: number): number {
    const at = this.length;
    if (at + n > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, at + n));
      grown.set(this.buffer.subarray(0, at));
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length += n;
    return at;
  }

  // Each write reserves before it reads this.buffer / this.view: reserve may replace them.
  u8(v: number): void {
    const at = this.reserve(1);
    this.buffer[at] = v;
  }

  u32(v: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, v, false);
  }

  f64(v: number): void {
    const at = this.reserve(8);
    this.view.setFloat64(at, v, false);
  }

  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buffer.set(b, at);
  }

  /** rank (u8) then each dim (u32 BE): the shape prefix of every tensor layout. */
  shape(dims: readonly number[], what: string): void {
    if (dims.length > 255) throw new CanonicalInputError(`${what} has rank ${dims.length}; at most 255`);
    this.u8(dims.length);
    for (const d of dims) {
      if (!Number.isInteger(d) || d < 0 || d > 0xffff_ffff) throw new CanonicalInputError(`${what} has dim ${d}; dims are integers in 0..2^32-1`);
      this.u32(d);
    }
  }

  result(): Uint8Array {
    return this.length === this.buffer.length ? this.buffer : this.buffer.slice(0, this.length);
  }
}

/** Checks a tensor's element count against its dims. */
export function checkElementCount(dims: readonly number[], length: number, what: string): void {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== length) throw new CanonicalInputError(`${what} has dims [${dims.join(',')}] (${count} elements) but ${length} elements`);
}
