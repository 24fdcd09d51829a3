import { NODE_DOMAIN, TRACE_NODE_DOMAIN } from './constants.ts';
import { CommitProofShapeError } from './errors.ts';
import { sha256Into } from './sha256.ts';
import type { TreeKind } from './zeroHash.ts';

/**
 * Root implied by `node` at position `index` of its level and its `siblings` listed
 * bottom-up (siblings.length = the node's level). Bit k of `index` says whether the node's
 * ancestor at height k is a right child (1) or a left child (0).
 */
export function processProof(kind: TreeKind, node: Uint8Array, index: number, siblings: readonly Uint8Array[]): Uint8Array {
  // INVARIANT: the index addresses a node of the level the proof climbs from.
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** siblings.length) {
    throw new CommitProofShapeError(`index ${index} does not fit a proof with ${siblings.length} siblings`);
  }
  if (node.length !== 32) throw new CommitProofShapeError(`node must be 32 bytes, got ${node.length}`);
  const preimage = new Uint8Array(65);
  preimage[0] = kind === 'tensor' ? NODE_DOMAIN : TRACE_NODE_DOMAIN;
  const acc = node.slice();
  let i = index;
  for (const sibling of siblings) {
    if (sibling.length !== 32) throw new CommitProofShapeError(`siblings must be 32 bytes, got ${sibling.length}`);
    if (i % 2 === 0) {
      preimage.set(acc, 1);
      preimage.set(sibling, 33);
    } else {
      preimage.set(sibling, 1);
      preimage.set(acc, 33);
    }
    sha256Into(preimage, 65, acc, 0);
    i = Math.floor(i / 2);
  }
  return acc;
}
