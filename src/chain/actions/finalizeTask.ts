import type { Address } from 'viem';
import { tasksAbi } from '../abis/Tasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type FinalizeTaskParameters = TransactionOptions & { tasks: Address; taskId: bigint };

export type FinalizeTaskReturnType = SendTransactionReturnType;

/** ContractRevertError `TasksWrongState` while the window is open or a dispute runs. */
export type FinalizeTaskErrorType = SendTransactionErrorType;

/** Finalizes a claimed task once its challenge window has passed: the worker is credited its fee, its stake unlocked. Anyone may call. */
export function finalizeTask(client: VouchClients, parameters: FinalizeTaskParameters): Promise<FinalizeTaskReturnType> {
  const { tasks, taskId, ...tx } = parameters;
  return writeContract(client, { ...tx, address: tasks, abi: tasksAbi, functionName: 'finalize', args: [taskId] });
}
