import { LEAF_DOMAIN, LEAF_SIZE, NODE_DOMAIN, TRACE_NODE_DOMAIN } from './constants.ts';
import { CommitProofShapeError } from './errors.ts';
import { sha256Into } from './sha256.ts';
import type { TreeKind } from './zeroHash.ts';

/** Inner node hash: H(0x01 || left || right) in tensor trees, H(0x03 || left || right) in trace trees. */
export function hashNode(kind: TreeKind, left: Uint8Array, right: Uint8Array): Uint8Array {
  // INVARIANT: children are 32-byte hashes.
  if (left.length !== 32 || right.length !== 32) {
    throw new CommitProofShapeError(`node children must be 32 bytes, got ${left.length} and ${right.length}`);
  }
  const preimage = new Uint8Array(65);
  preimage[0] = kind === 'tensor' ? NODE_DOMAIN : TRACE_NODE_DOMAIN;
  preimage.set(left, 1);
  preimage.set(right, 33);
  const out = new Uint8Array(32);
  sha256Into(preimage, 65, out, 0);
  return out;
}

/** Leaf hash: H(0x00 || leaf), `leaf` exactly `leafSize` bytes (the last data leaf zero-padded). */
export function hashLeaf(leaf: Uint8Array, leafSize: number = LEAF_SIZE): Uint8Array {
  // INVARIANT: every leaf has the fixed size; short data is zero-padded by the caller.
  if (leaf.length !== leafSize) throw new CommitProofShapeError(`leaf must be ${leafSize} bytes, got ${leaf.length}`);
  const preimage = new Uint8Array(1 + leafSize);
  preimage[0] = LEAF_DOMAIN;
  preimage.set(leaf, 1);
  const out = new Uint8Array(32);
  sha256Into(preimage, preimage.length, out, 0);
  return out;
}
