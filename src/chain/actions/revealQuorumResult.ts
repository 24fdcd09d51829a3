import type { Address, Hex } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type RevealQuorumResultParameters = TransactionOptions & { quorumTasks: Address; taskId: bigint; seat: number; resultHash: Hex; salt: Hex };

export type RevealQuorumResultReturnType = SendTransactionReturnType;

/** Typically ContractRevertError `QuorumWrongState` (commits still open, or reveal window closed) or `QuorumCommitMismatch`. */
export type RevealQuorumResultErrorType = SendTransactionErrorType;

/** Opens the seat's commitment (QuorumTasks.reveal): possible once every member committed or the commit window closed. */
export function revealQuorumResult(client: VouchClients, parameters: RevealQuorumResultParameters): Promise<RevealQuorumResultReturnType> {
  const { quorumTasks, taskId, seat, resultHash, salt, ...tx } = parameters;
  return writeContract(client, { ...tx, address: quorumTasks, abi: quorumTasksAbi, functionName: 'reveal', args: [taskId, BigInt(seat), resultHash, salt] });
}
