import { bytesToHex, type Hex, hexToBytes } from 'viem';
import { traceProof } from '../../commit/traceProof.ts';
import { traceTree } from '../../commit/traceTree.ts';
import type { ClaimProof } from '../../chain/actions/claimTask.ts';

/** The claim (or dispute opening) for a committed trace: output, root and the trace-end proofs. */
export function claimProofOf(tensorHashes: readonly Hex[], inputCount: number): ClaimProof {
  const tree = traceTree(tensorHashes.map((h) => hexToBytes(h)));
  const siblings = (position: number) => traceProof(tree, position).siblings.map((s) => bytesToHex(s));
  const last = tensorHashes.length - 1;
  return {
    outputHash: tensorHashes[last],
    traceRoot: bytesToHex(tree.levels[0].subarray(0, 32)),
    inputHashes: tensorHashes.slice(0, inputCount),
    inputProofs: Array.from({ length: inputCount }, (_, i) => siblings(i)),
    outputProof: siblings(last),
  };
}
