import { type Hex, bytesToHex } from 'viem';
import { DTYPE_CODE, ELEMENT_SIZE, LEAF_SIZE } from '../commit/constants.ts';
import type { MerkleTree } from '../commit/merkleTree.ts';
import { nodeAt } from '../commit/merkleTree.ts';
import { modelCommitment, type ModelCommitment } from '../commit/modelCommitment.ts';
import { nodeProof } from '../commit/nodeProof.ts';
import { descriptorBytes } from '../commit/opDescriptor.ts';
import { hashTensorHeader } from '../commit/tensorHash.ts';
import { tensorTree, type TensorTree } from '../commit/tensorTree.ts';
import { commitTrace, traceTree } from '../commit/traceTree.ts';
import type { QModel, Ref } from '../runtime/model.ts';
import type { Trace } from '../runtime/run-model.ts';
import { sizeOf, type IntTensor } from '../runtime/tensor.ts';
import { DisputeProofError } from './errors.ts';
import { opDescriptorProof } from './opDescriptorProof.ts';
import { recordStep, slotRefs } from './recordStep.ts';
import type { LeafProof, ModelStepProof } from './stepProofAbi.ts';

/** A node of a trace tree, top-down address (level 0 = root), as revealed in bisection. */
export type TraceNode = { level: number; index: number; hash: Hex };

export type ModelStepProofParameters = {
  model: QModel;
  /** The prover's own execution trace (inputs, then op outputs); only positions before the disputed one are used. */
  trace: Trace;
  /** The op whose output element is disputed (trace position model.inputs.length + opIndex). */
  opIndex: number;
  /** Row-major index of the disputed element in that op's output. */
  elementIndex: number;
  /**
   * The worker's trace-tree nodes revealed during bisection (DisputeGame's Bisected events: both
   * children of each node on the path to the disputed leaf). The game proves the operands
   * against the worker's trace root: a prover other than the worker takes the siblings among
   * those nodes from them (they may differ from its own); every other sibling lies left of the
   * disputed path, where both traces agree, and is taken from `trace`.
   */
  workerTraceNodes?: readonly TraceNode[];
  /** The model's commitment, to save recomputing it per proof. */
  commitment?: ModelCommitment;
};

/**
 * Siblings (bottom-up) of leaf `position` < `disputed` in the worker's trace tree. Bisection
 * revealed both children of every node on the path to `disputed`: a sibling whose parent is on
 * that path is one of them (it may differ from the prover's own: the disputed node, or a subtree
 * right of it); every other sibling lies inside a subtree left of the path, which is agreed.
 */
function agreedTraceSiblings(tree: MerkleTree, position: number, disputed: number, worker?: readonly TraceNode[]): Hex[] {
  const siblings: Hex[] = [];
  let i = position;
  for (let level = tree.depth; level > 0; level--) {
    const sibling = i ^ 1;
    const revealed = sibling >> 1 === disputed >> (tree.depth - level + 1);
    if (revealed && worker) {
      const node = worker.find((n) => n.level === level && n.index === sibling);
      // INVARIANT: the worker revealed both children at every level of the bisection.
      if (!node) throw new DisputeProofError(`the worker's trace node (level ${level}, index ${sibling}) is needed and was not given`);
      siblings.push(node.hash);
    } else siblings.push(bytesToHex(nodeAt(tree, level, sibling)));
    i >>= 1;
  }
  return siblings;
}

/** Leaf `leafIndex` of a tensor tree, zero-padded to LEAF_SIZE. */
function leafBytes(tree: TensorTree, leafIndex: number): Uint8Array {
  const leaf = new Uint8Array(LEAF_SIZE);
  leaf.set(tree.bytes.subarray(leafIndex * LEAF_SIZE, (leafIndex + 1) * LEAF_SIZE));
  return leaf;
}

/**
 * Everything ModelStepVerifier needs to recompute element `elementIndex` of op `opIndex`, built
 * from the model and the prover's own trace: the descriptor and its path in opsRoot, each
 * operand's tensor hash and its path (agreed trace or constantsRoot), the operand openings, and
 * one leaf proof per distinct (operand, leaf) the verifier's loops read from (recordStep).
 */
export function modelStepProof(parameters: ModelStepProofParameters): ModelStepProof {
  const { model, trace, opIndex, elementIndex, workerTraceNodes } = parameters;
  const commitment = parameters.commitment ?? modelCommitment(model);
  const { descriptor, proof: descriptorSiblings } = opDescriptorProof(model, opIndex, commitment);
  const disputed = model.inputs.length + opIndex;
  // INVARIANT: the trace covers every tensor the op may read.
  if (trace.length < disputed) throw new DisputeProofError(`the trace has ${trace.length} tensors; op ${opIndex} needs the first ${disputed}`);
  const op = model.ops[opIndex];
  const outShape = model.values[disputed].shape;
  // INVARIANT: the element exists.
  if (!Number.isInteger(elementIndex) || elementIndex < 0 || elementIndex >= sizeOf(outShape)) {
    throw new DisputeProofError(`element ${elementIndex} is out of range: op ${opIndex}'s output has ${sizeOf(outShape)} elements`);
  }
  const source = (ref: Ref): IntTensor => ('value' in ref ? trace[ref.value] : model.constants[ref.constant].tensor);
  const refs = slotRefs(op);
  const tensors = refs.map(source);
  const trees = tensors.map((t) => tensorTree(t));
  const hashes = trees.map((t) => hashTensorHeader(t.dtype, t.shape, nodeAt(t, 0, 0)));

  // Full traces of the prefix are agreed, so the trace tree is built over the prover's own tensor
  // hashes; later positions only feed siblings on the disputed path (replaced by the worker's).
  const traceHashes = commitTrace(trace).tensorHashes;
  const traceTreeOwn = traceTree(traceHashes);
  const constantsTree = commitment.constantHashes.length > 0 ? traceTree(commitment.constantHashes) : undefined;
  const tensorSiblings = refs.map((ref, s): Hex[] => {
    if ('value' in ref) {
      // INVARIANT: a value operand lies in the agreed prefix (the verifier refuses anything else).
      if (ref.value >= disputed) throw new DisputeProofError(`operand ${s} reads trace position ${ref.value}, not before the disputed ${disputed}`);
      return agreedTraceSiblings(traceTreeOwn, ref.value, disputed, workerTraceNodes);
    }
    return nodeProof(constantsTree!, constantsTree!.depth, ref.constant).siblings.map((x) => bytesToHex(x));
  });

  // The leaves holding the elements the verifier's loops read, in first-use order.
  const step = recordStep(op, outShape, elementIndex, source);
  const seen = new Set<string>();
  const leaves: LeafProof[] = [];
  for (const r of step.reads) {
    const tree = trees[r.operand];
    const leafIndex = Math.floor((r.index * ELEMENT_SIZE[tree.dtype]) / LEAF_SIZE);
    const key = `${r.operand}:${leafIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    leaves.push({
      operand: BigInt(r.operand),
      leafIndex: BigInt(leafIndex),
      leaf: bytesToHex(leafBytes(tree, leafIndex)),
      siblings: nodeProof(tree, tree.depth, leafIndex).siblings.map((x) => bytesToHex(x)),
    });
  }

  return {
    descriptor: bytesToHex(descriptorBytes(descriptor.map(Number))),
    descriptorSiblings,
    tensorHashes: hashes.map((h) => bytesToHex(h)),
    tensorSiblings,
    step: {
      openings: trees.map((t) => ({ dtype: DTYPE_CODE[t.dtype], shape: t.shape.map(BigInt), root: bytesToHex(nodeAt(t, 0, 0)) })),
      leaves,
    },
  };
}
