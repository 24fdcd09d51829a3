// The commitment computed the way src/commit did before sha256.wasm: one node:crypto call per
// leaf, node and tensor header. Same bytes by definition of the format; kept as the baseline of
// test/commit/sha256-batch.test.ts and of the commit-cost benchmarks.
import type { IntTensor } from '../../src/runtime/tensor.ts';
import { cryptoHashLeavesInto, cryptoReduceLevel } from '../../src/commit/merkleLevels.ts';
import { cryptoSha256Into } from '../../src/commit/sha256.ts';
import { tensorBytes } from '../../src/commit/tensorBytes.ts';
import { writeTensorHeader } from '../../src/commit/tensorHash.ts';
import type { TreeKind } from '../../src/commit/zeroHash.ts';

/** Root over `count` 32-byte hashes, reduced in place in `hashes`. */
export function cryptoRoot(kind: TreeKind, hashes: Uint8Array, count: number): Uint8Array {
  let height = 0;
  while (count > 1) count = cryptoReduceLevel(kind, hashes, count, height++, hashes);
  return hashes.slice(0, 32);
}

export function cryptoTensorRoot(bytes: Uint8Array, leafSize = 256): Uint8Array {
  const leaves = new Uint8Array(32 * Math.max(1, Math.ceil(bytes.length / leafSize)));
  return cryptoRoot('tensor', leaves, cryptoHashLeavesInto(bytes, leafSize, leaves));
}

export function cryptoTensorHash(t: IntTensor): Uint8Array {
  const root = cryptoTensorRoot(tensorBytes(t));
  const preimage = new Uint8Array(3 + 4 * t.shape.length + 32);
  preimage.set(root, writeTensorHeader(t.dtype, t.shape, root, preimage, 0));
  const out = new Uint8Array(32);
  cryptoSha256Into(preimage, preimage.length, out, 0);
  return out;
}

export function cryptoCommitTrace(tensors: readonly IntTensor[]): { root: Uint8Array; tensorHashes: Uint8Array[] } {
  const tensorHashes = tensors.map(cryptoTensorHash);
  const packed = new Uint8Array(32 * tensorHashes.length);
  tensorHashes.forEach((h, i) => packed.set(h, 32 * i));
  return { root: cryptoRoot('trace', packed, tensorHashes.length), tensorHashes };
}
