import { LEAF_DOMAIN, NODE_DOMAIN, TRACE_NODE_DOMAIN } from './constants.ts';
import { cryptoSha256Into } from './sha256.ts';
import { wasmHashLeavesInto, wasmReduceLevel } from './wasmMerkle.ts';
import { zeroHash, type TreeKind } from './zeroHash.ts';

// Two implementations with the same bytes: sha256.wasm hashes a whole level per call (the fast
// path, see wasmMerkle.ts); node:crypto, one call per hash, stays for a single leaf, where its
// native five blocks beat wasm's scalar path (1.0 vs 1.6 us measured, Node 20). Inner levels
// always go to wasm: even one 65-byte node is cheaper there (0.7 vs 0.9 us).

// Hot-path building blocks shared by tensor and trace trees. Preimages are built in these
// module-level scratch buffers (JS is single-threaded and nothing here yields), so hashing
// allocates nothing per node beyond node:crypto's own digest. They are Buffers because
// crypto.hash takes Buffer input ~12% faster than a plain Uint8Array (measured, Node 20).
const nodeScratch = Buffer.alloc(65);
let leafScratch = Buffer.alloc(1 + 128);

/**
 * Hashes `bytes` as leaves of `leafSize` bytes into `out` (32 bytes per leaf):
 * H(0x00 || leaf), the last leaf zero-padded. Returns the number of leaves written.
 */
export function hashLeavesInto(bytes: Uint8Array, leafSize: number, out: Uint8Array): number {
  if (bytes.length > leafSize) return wasmHashLeavesInto(bytes, leafSize, out);
  return cryptoHashLeavesInto(bytes, leafSize, out);
}

/** hashLeavesInto with one node:crypto call per leaf. */
export function cryptoHashLeavesInto(bytes: Uint8Array, leafSize: number, out: Uint8Array): number {
  if (leafScratch.length !== 1 + leafSize) leafScratch = Buffer.alloc(1 + leafSize);
  const scratch = leafScratch;
  scratch[0] = LEAF_DOMAIN;
  const full = Math.floor(bytes.length / leafSize);
  for (let i = 0; i < full; i++) {
    scratch.set(bytes.subarray(i * leafSize, (i + 1) * leafSize), 1);
    cryptoSha256Into(scratch, scratch.length, out, 32 * i);
  }
  const rest = bytes.length - full * leafSize;
  if (rest > 0 || full === 0) {
    scratch.fill(0, 1);
    scratch.set(bytes.subarray(full * leafSize), 1);
    cryptoSha256Into(scratch, scratch.length, out, 32 * full);
    return full + 1;
  }
  return full;
}

/**
 * One level up: reads `count` nodes of height `height` from `src`, writes ceil(count / 2)
 * parents into `dst` (which may be `src`: parent i is written after children 2i, 2i+1 are
 * read). A missing right child is the padding subtree zeroHash(kind, height).
 */
export function reduceLevel(kind: TreeKind, src: Uint8Array, count: number, height: number, dst: Uint8Array): number {
  return wasmReduceLevel(kind, src, count, height, dst);
}

/** reduceLevel with one node:crypto call per parent (the baseline the wasm path is tested against). */
export function cryptoReduceLevel(kind: TreeKind, src: Uint8Array, count: number, height: number, dst: Uint8Array): number {
  const scratch = nodeScratch;
  scratch[0] = kind === 'tensor' ? NODE_DOMAIN : TRACE_NODE_DOMAIN;
  const parents = Math.ceil(count / 2);
  for (let i = 0; i < parents; i++) {
    const l = 64 * i;
    if (2 * i + 1 < count) {
      scratch.set(src.subarray(l, l + 64), 1);
    } else {
      scratch.set(src.subarray(l, l + 32), 1);
      scratch.set(zeroHash(kind, height), 33);
    }
    cryptoSha256Into(scratch, 65, dst, 32 * i);
  }
  return parents;
}
