import { bytesToHex, type Hex } from 'viem';
import type { DisputeMove } from '../../chain/actions/encodeDisputeMove.ts';
import type { GetGameReturnType } from '../../chain/actions/getGame.ts';
import type { ModelCommitment } from '../../commit/modelCommitment.ts';
import { nodeChildren } from '../../commit/nodeChildren.ts';
import { type TensorTree, tensorTree } from '../../commit/tensorTree.ts';
import { type MerkleTree } from '../../commit/merkleTree.ts';
import { differingElement, opDescriptorProof, tensorLeaf } from '../../dispute/index.ts';
import { buildStepProof } from '../../dispute/buildStepProof.ts';
import type { QModel } from '../../runtime/model.ts';
import type { Trace } from '../../runtime/run-model.ts';

/** One party's view of its own execution, with the trees built once per game. */
export type OwnExecution = {
  model: QModel;
  commitment: ModelCommitment;
  trace: Trace;
  traceTree: MerkleTree;
  /** Tensor trees by trace position, built when a phase needs them. */
  tensorTrees: Map<number, TensorTree>;
};

export type NextMoveParameters = {
  game: GetGameReturnType;
  side: 'worker' | 'challenger';
  own: OwnExecution;
  /** In LeafReveal, the challenger's answer repeats the worker's revealed leaf (its LeafRevealed event). */
  workerLeaf?: Hex;
};

/**
 * The move `side` makes now in `game`, answered from its own execution; undefined when it is
 * not this side's turn (the step, in Step, is the worker's: it runs on the worker's clock).
 * An honest party can always answer, so whatever the opponent does, the game ends in its favour.
 */
export function nextMove({ game, side, own, workerLeaf }: NextMoveParameters): DisputeMove | undefined {
  if (game.status !== 'in-progress' || game.turn !== side) return undefined;
  const inputCount = own.model.inputs.length;
  switch (game.phase) {
    case 'trace-bisection': {
      const { left, right } = nodeChildren(own.traceTree, game.depth, Number(game.index));
      return { kind: 'bisect', left: bytesToHex(left), right: bytesToHex(right) };
    }
    case 'tensor-header': {
      const tree = tensorTreeAt(own, game.traceIndex);
      const { descriptor, proof } = opDescriptorProof(own.model, game.traceIndex - inputCount, own.commitment);
      return { kind: 'revealTensorRoot', root: bytesToHex(tree.levels[0].subarray(0, 32)), descriptor, opProof: proof };
    }
    case 'tensor-bisection': {
      const { left, right } = nodeChildren(tensorTreeAt(own, game.traceIndex), game.depth, Number(game.index));
      return { kind: 'bisect', left: bytesToHex(left), right: bytesToHex(right) };
    }
    case 'leaf-reveal': {
      const leafIndex = Number(game.index);
      const leaf = tensorLeaf(own.trace[game.traceIndex], leafIndex);
      if (side === 'worker') return { kind: 'revealLeaf', leaf };
      if (!workerLeaf) return undefined; // wait for the worker's LeafRevealed
      const elementIndex = differingElement(leafIndex, leaf, workerLeaf);
      if (elementIndex === undefined) throw new Error(`game ${game.gameId}: the revealed leaves agree, yet the game reached leaf ${leafIndex}`);
      return { kind: 'pickElement', leaf, workerLeaf, elementIndex: BigInt(elementIndex) };
    }
    case 'step':
      if (side !== 'worker') return undefined;
      return {
        kind: 'step',
        proof: buildStepProof({ model: own.model, trace: own.trace, opIndex: game.traceIndex - inputCount, elementIndex: Number(game.elementIndex), commitment: own.commitment }),
      };
  }
}

function tensorTreeAt(own: OwnExecution, position: number): TensorTree {
  let tree = own.tensorTrees.get(position);
  if (!tree) {
    tree = tensorTree(own.trace[position]);
    own.tensorTrees.set(position, tree);
  }
  return tree;
}
