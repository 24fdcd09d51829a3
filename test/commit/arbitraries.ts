import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { int32Tensor, int8Tensor, sizeOf, type IntTensor } from '../../src/runtime/tensor.ts';

/** Shapes from scalars to rank 4, including zero-sized dims and long vectors (multi-level trees). */
export const shapeArb: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 0, maxLength: 4 }),
  fc.integer({ min: 1, max: 3000 }).map((n) => [n]),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 })).map((t) => [...t]),
);

export const tensorArb: fc.Arbitrary<IntTensor> = fc
  .tuple(fc.constantFrom<'int8' | 'int32'>('int8', 'int32'), shapeArb, fc.integer())
  .map(([dtype, shape, seed]) => randomTensor(dtype, shape, seed));

/** Tensor with at least one element. */
export const nonEmptyTensorArb = tensorArb.filter((t) => t.data.length > 0);

export function randomTensor(dtype: 'int8' | 'int32', shape: readonly number[], seed: number): IntTensor {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s | 0;
  };
  const n = sizeOf(shape);
  return dtype === 'int8'
    ? int8Tensor(shape, Int8Array.from({ length: n }, () => next() >> 24))
    : int32Tensor(shape, Int32Array.from({ length: n }, () => next()));
}

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/**
 * Independent, deliberately naive reference of the format (docs/commitment-format.md):
 * explicit padding to a power of two with zero leaves, recursion, createHash.
 */
export function referenceTensorRoot(t: IntTensor, leafSize: number): Uint8Array {
  const bytes: number[] = [];
  for (const v of t.data) {
    if (t.dtype === 'int8') bytes.push(v & 0xff);
    else for (let k = 0; k < 4; k++) bytes.push((v >>> (8 * k)) & 0xff);
  }
  const n = Math.max(1, Math.ceil(bytes.length / leafSize));
  let width = 1;
  while (width < n) width *= 2;
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < width; i++) {
    if (i >= n) {
      leaves.push(new Uint8Array(32));
      continue;
    }
    const leaf = new Uint8Array(leafSize);
    leaf.set(bytes.slice(i * leafSize, (i + 1) * leafSize));
    leaves.push(sha(Uint8Array.of(0), leaf));
  }
  return referenceReduce(leaves, 0x01);
}

export function referenceReduce(nodes: Uint8Array[], domain: number): Uint8Array {
  let level = nodes;
  while (level.length > 1) {
    const up: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(sha(Uint8Array.of(domain), level[i], level[i + 1]));
    level = up;
  }
  return level[0];
}

export function referenceTraceRoot(hashes: Uint8Array[]): Uint8Array {
  let width = 1;
  while (width < hashes.length) width *= 2;
  const leaves = [...hashes];
  while (leaves.length < width) leaves.push(new Uint8Array(32));
  return referenceReduce(leaves, 0x03);
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
