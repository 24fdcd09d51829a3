import { type Hex, bytesToHex } from 'viem';
import { modelCommitment, type ModelCommitment } from '../commit/modelCommitment.ts';
import { nodeProof } from '../commit/nodeProof.ts';
import { opDescriptor } from '../commit/opDescriptor.ts';
import { traceTree } from '../commit/traceTree.ts';
import type { QModel } from '../runtime/model.ts';
import { DisputeProofError } from './errors.ts';

export type OpDescriptorProofReturnType = {
  /** The op's descriptor words (src/commit/opDescriptor.ts), as DisputeGame's int256[]. */
  descriptor: bigint[];
  /** Path of the op leaf H(0x04 || descriptor bytes) in the model's opsRoot, bottom-up. */
  proof: Hex[];
};

/**
 * Op `opIndex`'s descriptor and its path in opsRoot: the arguments of
 * DisputeGame.revealTensorRoot(gameId, root, descriptor, opProof) for trace position
 * inputCount + opIndex. `commitment` saves recomputing the model commitment per call.
 */
export function opDescriptorProof(model: QModel, opIndex: number, commitment: ModelCommitment = modelCommitment(model)): OpDescriptorProofReturnType {
  // INVARIANT: the op exists.
  if (!Number.isInteger(opIndex) || opIndex < 0 || opIndex >= model.ops.length) {
    throw new DisputeProofError(`op index ${opIndex} is out of range: the model has ${model.ops.length} ops`);
  }
  const words = opDescriptor(model.ops[opIndex], model.values[model.inputs.length + opIndex].shape);
  const tree = traceTree(commitment.opLeaves);
  return { descriptor: words.map(BigInt), proof: nodeProof(tree, tree.depth, opIndex).siblings.map((s) => bytesToHex(s)) };
}
