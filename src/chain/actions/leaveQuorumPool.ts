import type { Address } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type LeaveQuorumPoolParameters = TransactionOptions & { quorumTasks: Address };

export type LeaveQuorumPoolReturnType = SendTransactionReturnType;

/** ContractRevertError `PoolNotMember`. */
export type LeaveQuorumPoolErrorType = SendTransactionErrorType;

/** Leaves the committee pool and releases the spare reserve; stake behind open seats stays until they settle (QuorumTasks.leavePool). */
export function leaveQuorumPool(client: VouchClients, parameters: LeaveQuorumPoolParameters): Promise<LeaveQuorumPoolReturnType> {
  const { quorumTasks, ...tx } = parameters;
  return writeContract(client, { ...tx, address: quorumTasks, abi: quorumTasksAbi, functionName: 'leavePool', args: [] });
}
