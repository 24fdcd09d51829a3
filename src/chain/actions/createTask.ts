import { type Address, type Hex, parseEventLogs } from 'viem';
import { tasksAbi } from '../abis/Tasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

/** Tasks' VerificationMode codes. */
export const VERIFICATION_MODE_CODES = { optimistic: 0, quorum: 1, sampled: 2 } as const;

export type CreateTaskParameters = TransactionOptions & {
  tasks: Address;
  modelId: Hex;
  /** The input tensor hashes, in trace order. */
  inputHashes: readonly Hex[];
  /** Escrowed fee (base units); approve Tasks for it first (approveToken). */
  fee: bigint;
  /** Unix second (chain time) after which the task can no longer be claimed. */
  claimDeadline: bigint;
  mode?: keyof typeof VERIFICATION_MODE_CODES;
  /** The input tensors' int8 bytes, published for verifiers ('0x' to publish nothing). */
  inputData: Hex;
};

export type CreateTaskReturnType = SendTransactionReturnType & { taskId: bigint };

/** Typically ContractRevertError `ERC20InsufficientAllowance`, `TasksBadDeadline`, `ModelNotRegistered`, `TasksInputCount`. */
export type CreateTaskErrorType = SendTransactionErrorType;

/** Creates a task with an escrowed fee (Tasks.createTask); returns its id. */
export async function createTask(client: VouchClients, parameters: CreateTaskParameters): Promise<CreateTaskReturnType> {
  const { tasks, modelId, inputHashes, fee, claimDeadline, mode = 'optimistic', inputData, ...tx } = parameters;
  const result = await writeContract(client, {
    ...tx,
    address: tasks,
    abi: tasksAbi,
    functionName: 'createTask',
    args: [modelId, inputHashes, fee, claimDeadline, VERIFICATION_MODE_CODES[mode], inputData],
  });
  const [created] = parseEventLogs({ abi: tasksAbi, eventName: 'TaskCreated', logs: result.receipt.logs });
  return { ...result, taskId: created.args.taskId };
}
