import { LEAF_DOMAIN, NODE_DOMAIN, TRACE_NODE_DOMAIN } from './constants.ts';
import { sha256Module, wasmHeap, wasmHeapStart } from './sha256Wasm.ts';
import { zeroHash, type TreeKind } from './zeroHash.ts';

// Merkle levels hashed by sha256.wasm: a whole level is one hashBatch call (four lanes at a
// time) instead of one node:crypto call per node, which costs ~1 us of overhead whatever the
// input. Layout past the heap start, per call: the leaf data (zero-padded to whole leaves),
// the framed preimages (prefix || item), then the level being reduced (32 bytes per node,
// plus one slot for a padding sibling).

type Layout = { data: number; frames: number; hashes: number; heap: Uint8Array };

function layout(dataBytes: number, items: number, itemLength: number): Layout {
  const data = wasmHeapStart();
  const frames = data + align(dataBytes);
  // Frames hold the leaf preimages, then (reused) the node preimages of the first level up.
  const frameBytes = Math.max(items * (itemLength + 1), Math.ceil(items / 2) * 65);
  const hashes = frames + align(frameBytes);
  const heap = wasmHeap(hashes + 32 * (items + 1) - data);
  return { data, frames, hashes, heap };
}

function align(n: number): number {
  return (n + 63) & ~63;
}

/** Hashes the leaves of `bytes` into `at.hashes` (leafCount * 32 bytes); returns leafCount. */
function hashLeaves(bytes: Uint8Array, leafSize: number, at: Layout): number {
  const leaves = Math.max(1, Math.ceil(bytes.length / leafSize));
  at.heap.set(bytes, at.data);
  at.heap.fill(0, at.data + bytes.length, at.data + leaves * leafSize);
  const wasm = sha256Module();
  wasm.framePrefixed(at.data, leafSize, leaves, LEAF_DOMAIN, at.frames);
  wasm.hashBatch(at.frames, leafSize + 1, leafSize + 1, leaves, at.hashes);
  return leaves;
}

/** One level up, in place at `at.hashes`: `count` nodes of `height` -> ceil(count / 2) parents. */
function reduceInPlace(kind: TreeKind, at: Layout, count: number, height: number): number {
  const parents = Math.ceil(count / 2);
  if (count % 2 === 1) at.heap.set(zeroHash(kind, height), at.hashes + 32 * count);
  const wasm = sha256Module();
  wasm.framePrefixed(at.hashes, 64, parents, kind === 'tensor' ? NODE_DOMAIN : TRACE_NODE_DOMAIN, at.frames);
  wasm.hashBatch(at.frames, 65, 65, parents, at.hashes);
  return parents;
}

/** Root over `count` nodes of `height` already at `at.hashes`: reduces to one node and copies it out. */
function rootFrom(kind: TreeKind, at: Layout, count: number, height: number): Uint8Array {
  while (count > 1) count = reduceInPlace(kind, at, count, height++);
  return at.heap.slice(at.hashes, at.hashes + 32);
}

/** Merkle root of `bytes` cut into leaves of `leafSize` (tensorRoot's whole computation). */
export function wasmTensorRoot(bytes: Uint8Array, leafSize: number): Uint8Array {
  const leaves = Math.max(1, Math.ceil(bytes.length / leafSize));
  const at = layout(leaves * leafSize, leaves, leafSize);
  return rootFrom('tensor', at, hashLeaves(bytes, leafSize, at), 0);
}

/** hashLeavesInto on sha256.wasm: the leaf hashes of `bytes` into `out`; returns the leaf count. */
export function wasmHashLeavesInto(bytes: Uint8Array, leafSize: number, out: Uint8Array): number {
  const leaves = Math.max(1, Math.ceil(bytes.length / leafSize));
  const at = layout(leaves * leafSize, leaves, leafSize);
  hashLeaves(bytes, leafSize, at);
  out.set(at.heap.subarray(at.hashes, at.hashes + 32 * leaves));
  return leaves;
}

/** Root over `count` 32-byte node hashes of `height` (0: leaves), read from `hashes` (not modified). */
export function wasmMerkleRoot(kind: TreeKind, hashes: Uint8Array, count: number): Uint8Array {
  const at = layout(0, count, 64);
  at.heap.set(hashes.subarray(0, 32 * count), at.hashes);
  return rootFrom(kind, at, count, 0);
}

/** reduceLevel on sha256.wasm: `count` nodes of `height` from `src` -> parents into `dst` (may be `src`). */
export function wasmReduceLevel(kind: TreeKind, src: Uint8Array, count: number, height: number, dst: Uint8Array): number {
  const at = layout(0, count, 64);
  at.heap.set(src.subarray(0, 32 * count), at.hashes);
  const parents = reduceInPlace(kind, at, count, height);
  dst.set(at.heap.subarray(at.hashes, at.hashes + 32 * parents));
  return parents;
}
