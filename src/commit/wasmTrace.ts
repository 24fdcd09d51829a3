import type { IntTensor } from '../runtime/tensor.ts';
import { LEAF_DOMAIN, LEAF_SIZE, MAX_RANK, NODE_DOMAIN, TRACE_NODE_DOMAIN } from './constants.ts';
import { sha256Module, wasmHeap, wasmHeapStart } from './sha256Wasm.ts';
import { tensorBytes } from './tensorBytes.ts';
import { writeTensorHeader } from './tensorHash.ts';
import { dataLeafCount } from './treeGeometry.ts';
import { zeroHash, type TreeKind } from './zeroHash.ts';

// commitTrace in a handful of sha256.wasm calls: the leaves of all tensors in one hashBatch,
// then one hashBatch per tree level across all tensors, one per distinct tensor-hash preimage
// length (rank), one per trace level. Per-tensor calls would leave most of the four lanes idle
// on the small tensors of a trace and pay the JS -> wasm crossing per tree.

const PLACEHOLDER_ROOT = new Uint8Array(32);
const headerCheck = new Uint8Array(3 + 4 * MAX_RANK);

const align = (n: number) => (n + 63) & ~63;

/** Each tensor's hash (in order) and the trace root; same bytes as tensorHash + traceRoot. */
export function wasmCommitTrace(tensors: readonly IntTensor[]): { root: Uint8Array; tensorHashes: Uint8Array[] } {
  const count = tensors.length;
  // Validate everything first, in the order (and with the errors) of tensorHash per tensor.
  const bytes: Uint8Array[] = [];
  const preimageLength: number[] = [];
  const leaves: number[] = [];
  let totalLeaves = 0;
  let headerBytes = 0;
  for (const t of tensors) {
    const b = tensorBytes(t);
    const length = writeTensorHeader(t.dtype, t.shape, PLACEHOLDER_ROOT, headerCheck, 0) + 32;
    bytes.push(b);
    preimageLength.push(length);
    headerBytes += length;
    leaves.push(dataLeafCount(b.length, LEAF_SIZE));
    totalLeaves += leaves[leaves.length - 1];
  }

  // Layout: leaf data | frames (preimages of the level being hashed) | level hashes | tensor hashes | header preimages.
  const data = wasmHeapStart();
  const frames = data + align(totalLeaves * LEAF_SIZE);
  const level = frames + align(totalLeaves * (LEAF_SIZE + 1) + 65 * count);
  const hashes = level + align(32 * (totalLeaves + count));
  const headerAt = hashes + align(32 * (count + 1));
  // No call below grows the memory (zeroHash hashes in a static buffer), so `heap` stays valid.
  const heap = wasmHeap(headerAt + headerBytes - data);
  const wasm = sha256Module();

  // Leaves: all tensors' data, each zero-padded to whole leaves, framed and hashed at once.
  let at = data;
  for (let k = 0; k < count; k++) {
    heap.set(bytes[k], at);
    heap.fill(0, at + bytes[k].length, at + leaves[k] * LEAF_SIZE);
    at += leaves[k] * LEAF_SIZE;
  }
  wasm.framePrefixed(data, LEAF_SIZE, totalLeaves, LEAF_DOMAIN, frames);
  wasm.hashBatch(frames, LEAF_SIZE + 1, LEAF_SIZE + 1, totalLeaves, level);

  // Tensor trees, one level of every unfinished tree per hashBatch. Tree k's nodes sit at
  // level + 32 * offset[k]; a finished root is copied into its header preimage's root slot.
  const headerOffset: number[] = [];
  for (let k = 0, o = headerAt; k < count; k++) {
    headerOffset.push(o);
    writeTensorHeader(tensors[k].dtype, tensors[k].shape, PLACEHOLDER_ROOT, heap, o);
    o += preimageLength[k];
  }
  const rootSlot = (k: number) => headerOffset[k] + preimageLength[k] - 32;
  const nodes = leaves.slice();
  const offset: number[] = [];
  for (let k = 0, o = 0; k < count; o += leaves[k++]) {
    offset.push(o);
    // A one-leaf tree's root is its leaf hash.
    if (leaves[k] === 1) heap.copyWithin(rootSlot(k), level + 32 * o, level + 32 * o + 32);
  }
  for (let height = 0; ; height++) {
    let framed = 0;
    for (let k = 0; k < count; k++) {
      if (nodes[k] === 1) continue;
      framed = framePairs('tensor', heap, level + 32 * offset[k], nodes[k], height, frames, framed);
    }
    if (framed === 0) break;
    wasm.hashBatch(frames, 65, 65, framed, level);
    let o = 0;
    for (let k = 0; k < count; k++) {
      if (nodes[k] === 1) continue;
      nodes[k] = Math.ceil(nodes[k] / 2);
      offset[k] = o;
      o += nodes[k];
      if (nodes[k] === 1) heap.copyWithin(rootSlot(k), level + 32 * offset[k], level + 32 * offset[k] + 32);
    }
  }
  // Tensor hashes, one hashBatch per preimage length (the rank), written in trace order.
  const byLength = new Map<number, number[]>();
  for (let k = 0; k < count; k++) {
    const members = byLength.get(preimageLength[k]);
    if (members) members.push(k);
    else byLength.set(preimageLength[k], [k]);
  }
  for (const [length, members] of byLength) {
    // Gather the group's preimages contiguously in the frames area (free again).
    members.forEach((k, i) => heap.copyWithin(frames + i * length, headerOffset[k], headerOffset[k] + length));
    wasm.hashBatch(frames, length, length, members.length, level);
    members.forEach((k, i) => heap.copyWithin(hashes + 32 * k, level + 32 * i, level + 32 * i + 32));
  }
  const tensorHashes = Array.from({ length: count }, (_, k) => heap.slice(hashes + 32 * k, hashes + 32 * k + 32));

  // The trace tree over the tensor hashes, reduced in place.
  let n = count;
  for (let height = 0; n > 1; height++) {
    const framed = framePairs('trace', heap, hashes, n, height, frames, 0);
    wasm.hashBatch(frames, 65, 65, framed, hashes);
    n = framed;
  }
  return { root: heap.slice(hashes, hashes + 32), tensorHashes };
}

/**
 * Frames the parents of `count` nodes of `height` at `src` as 65-byte preimages at
 * frames + 65 * first ..; a missing right child is the padding subtree. Returns first + parents.
 */
function framePairs(kind: TreeKind, heap: Uint8Array, src: number, count: number, height: number, frames: number, first: number): number {
  const domain = kind === 'tensor' ? NODE_DOMAIN : TRACE_NODE_DOMAIN;
  const pairs = count >> 1;
  sha256Module().framePrefixed(src, 64, pairs, domain, frames + 65 * first);
  if (count & 1) {
    const f = frames + 65 * (first + pairs);
    heap[f] = domain;
    heap.copyWithin(f + 1, src + 32 * (count - 1), src + 32 * count);
    heap.set(zeroHash(kind, height), f + 33);
    return first + pairs + 1;
  }
  return first + pairs;
}
