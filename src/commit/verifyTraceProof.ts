import { bytesEqual } from './bytesEqual.ts';
import { processProof } from './processProof.ts';
import type { TraceProof } from './traceProof.ts';
import { treeDepth } from './treeGeometry.ts';

/**
 * True when `proof.tensorHash` is at `proof.position` of the trace with `root` and
 * `traceLength` tensors (the length is fixed by the registered model, never by the prover).
 */
export function verifyTraceProof(root: Uint8Array, traceLength: number, proof: TraceProof): boolean {
  const { position, tensorHash, siblings } = proof;
  if (!Number.isInteger(position) || position < 0 || position >= traceLength) return false;
  if (siblings.length !== treeDepth(traceLength)) return false;
  if (tensorHash.length !== 32 || siblings.some((s) => s.length !== 32)) return false;
  return bytesEqual(processProof('trace', tensorHash, position, siblings), root);
}
