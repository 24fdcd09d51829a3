import { type Address, type Hex, encodeFunctionData } from 'viem';
import { disputeGameAbi } from '../abis/DisputeGame.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { TransactionOptions } from '../transactions/sendTransaction.ts';

/** One move of the dispute game (IDisputeGame.sol), as data. */
export type DisputeMove =
  | { kind: 'bisect'; left: Hex; right: Hex }
  | { kind: 'revealTensorRoot'; root: Hex; descriptor: readonly bigint[]; opProof: readonly Hex[] }
  | { kind: 'revealLeaf'; leaf: Hex }
  | { kind: 'pickElement'; leaf: Hex; workerLeaf: Hex; elementIndex: bigint }
  | { kind: 'step'; proof: Hex }
  | { kind: 'resolveTimeout' };

export type DisputeMoveCall = { to: Address; data: Hex; functionName: string };

/** The transaction of a move (to, calldata): what the node's outbox stores before sending. */
export function encodeDisputeMove(disputeGame: Address, gameId: bigint, move: DisputeMove): DisputeMoveCall {
  const call = (() => {
    switch (move.kind) {
      case 'bisect':
        return encodeFunctionData({ abi: disputeGameAbi, functionName: 'bisect', args: [gameId, move.left, move.right] });
      case 'revealTensorRoot':
        return encodeFunctionData({ abi: disputeGameAbi, functionName: 'revealTensorRoot', args: [gameId, move.root, move.descriptor, move.opProof] });
      case 'revealLeaf':
        return encodeFunctionData({ abi: disputeGameAbi, functionName: 'revealLeaf', args: [gameId, move.leaf] });
      case 'pickElement':
        return encodeFunctionData({ abi: disputeGameAbi, functionName: 'pickElement', args: [gameId, move.leaf, move.workerLeaf, move.elementIndex] });
      case 'step':
        return encodeFunctionData({ abi: disputeGameAbi, functionName: 'step', args: [gameId, move.proof] });
      case 'resolveTimeout':
        return encodeFunctionData({ abi: disputeGameAbi, functionName: 'resolveTimeout', args: [gameId] });
    }
  })();
  return { to: disputeGame, data: call, functionName: move.kind };
}
