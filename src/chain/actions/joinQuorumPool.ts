import type { Address } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type JoinQuorumPoolParameters = TransactionOptions & {
  quorumTasks: Address;
  /** Free bonded stake to add to the caller's quorum reserve (0n if the reserve already covers a seat). */
  reserve: bigint;
};

export type JoinQuorumPoolReturnType = SendTransactionReturnType;

/** Typically ContractRevertError `PoolAlreadyMember`, `PoolReserveTooLow` or `StakeInsufficientFree` (bond first). */
export type JoinQuorumPoolErrorType = SendTransactionErrorType;

/** Opts the caller into quorum committees (QuorumTasks.joinPool); each seat commits memberStake of the reserve. */
export function joinQuorumPool(client: VouchClients, parameters: JoinQuorumPoolParameters): Promise<JoinQuorumPoolReturnType> {
  const { quorumTasks, reserve, ...tx } = parameters;
  return writeContract(client, { ...tx, address: quorumTasks, abi: quorumTasksAbi, functionName: 'joinPool', args: [reserve] });
}
