import { type Address, parseEventLogs } from 'viem';
import { disputeGameAbi } from '../abis/DisputeGame.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';
import type { ClaimProof } from './claimTask.ts';

export type OpenDisputeParameters = TransactionOptions & {
  disputeGame: Address;
  taskId: bigint;
  /** The challenger's own trace root and output, with the same end proofs a claim needs. */
  proof: ClaimProof;
};

export type OpenDisputeReturnType = SendTransactionReturnType & { gameId: bigint };

/** Typically ContractRevertError `TasksWrongState` (window closed), `GameSameOutput`, `StakeInsufficientFree` (bond for the challenger bond). */
export type OpenDisputeErrorType = SendTransactionErrorType;

/** Challenges a claim: opens a dispute game, locking the challenger bond from the caller's stake. */
export async function openDispute(client: VouchClients, parameters: OpenDisputeParameters): Promise<OpenDisputeReturnType> {
  const { disputeGame, taskId, proof, ...tx } = parameters;
  const result = await writeContract(client, { ...tx, address: disputeGame, abi: disputeGameAbi, functionName: 'open', args: [taskId, proof] });
  const [opened] = parseEventLogs({ abi: disputeGameAbi, eventName: 'GameOpened', logs: result.receipt.logs });
  return { ...result, gameId: opened.args.gameId };
}
