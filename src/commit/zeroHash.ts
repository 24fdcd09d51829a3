import { NODE_DOMAIN, TRACE_NODE_DOMAIN } from './constants.ts';
import { sha256Into } from './sha256.ts';

/** Which tree a node belongs to: tensor trees and trace trees hash inner nodes under different domain bytes. */
export type TreeKind = 'tensor' | 'trace';

const cache: Record<TreeKind, Uint8Array[]> = { tensor: [new Uint8Array(32)], trace: [new Uint8Array(32)] };

/**
 * Hash of an all-padding subtree of `height` (0 = a padding leaf). Padding leaves are 32
 * zero bytes (not the hash of anything, so never equal to a real leaf hash); above them
 * Z[h+1] = H(domain || Z[h] || Z[h]). Returned arrays are shared: do not mutate.
 */
export function zeroHash(kind: TreeKind, height: number): Uint8Array {
  const hashes = cache[kind];
  if (height < hashes.length) return hashes[height]; // the hot path: no allocation
  const preimage = new Uint8Array(65);
  preimage[0] = kind === 'tensor' ? NODE_DOMAIN : TRACE_NODE_DOMAIN;
  while (hashes.length <= height) {
    const below = hashes[hashes.length - 1];
    preimage.set(below, 1);
    preimage.set(below, 33);
    const next = new Uint8Array(32);
    sha256Into(preimage, 65, next, 0);
    hashes.push(next);
  }
  return hashes[height];
}
