import type { IntTensor } from '../runtime/tensor.ts';
import { CommitFormatError } from './errors.ts';
import { buildMerkleTree, merkleRootInPlace, type MerkleTree } from './merkleTree.ts';
import { wasmCommitTrace } from './wasmTrace.ts';

function packHashes(tensorHashes: readonly Uint8Array[]): Uint8Array {
  // INVARIANT: a trace holds at least its input tensor.
  if (tensorHashes.length === 0) throw new CommitFormatError('a trace needs at least one tensor hash');
  const packed = new Uint8Array(32 * tensorHashes.length);
  tensorHashes.forEach((h, i) => {
    // INVARIANT: trace leaves are 32-byte tensor hashes.
    if (h.length !== 32) throw new CommitFormatError(`tensor hash ${i} must be 32 bytes, got ${h.length}`);
    packed.set(h, 32 * i);
  });
  return packed;
}

/** The trace tree: leaves are the ordered tensor hashes of an execution (inputs first, then each op's output). */
export function traceTree(tensorHashes: readonly Uint8Array[]): MerkleTree {
  return buildMerkleTree('trace', packHashes(tensorHashes), tensorHashes.length);
}

/** Root of the trace tree over the ordered tensor hashes. */
export function traceRoot(tensorHashes: readonly Uint8Array[]): Uint8Array {
  return merkleRootInPlace('trace', packHashes(tensorHashes), tensorHashes.length);
}

export type TraceCommitment = { root: Uint8Array; tensorHashes: Uint8Array[] };

/**
 * Commits an execution: each tensor's hash, then the trace root over them (the bytes of
 * tensorHash per tensor and traceRoot, computed level by level across all tensors at once).
 */
export function commitTrace(tensors: readonly IntTensor[]): TraceCommitment {
  if (tensors.length === 0) packHashes([]); // throws: a trace holds at least one tensor
  return wasmCommitTrace(tensors);
}
