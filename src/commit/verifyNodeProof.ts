import { bytesEqual } from './bytesEqual.ts';
import type { NodeProof } from './nodeProof.ts';
import { processProof } from './processProof.ts';
import type { TreeKind } from './zeroHash.ts';

/**
 * True when `proof.node` sits at (level, index) under `root`. The level is the number of
 * siblings, so callers that know the tree's depth must also check `proof.level`.
 */
export function verifyNodeProof(kind: TreeKind, root: Uint8Array, proof: NodeProof): boolean {
  if (proof.siblings.length !== proof.level) return false;
  if (!Number.isInteger(proof.index) || proof.index < 0 || proof.index >= 2 ** proof.level) return false;
  if (proof.node.length !== 32 || proof.siblings.some((s) => s.length !== 32)) return false;
  return bytesEqual(processProof(kind, proof.node, proof.index, proof.siblings), root);
}
