import type { Address } from 'viem';
import { tasksAbi } from '../abis/Tasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { ChainRpcError, ContractRevertError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';

/** Tasks.state, as names (ITasks.sol TaskState). */
export const TASK_STATES = ['none', 'open', 'expired', 'challengeable', 'finalizable', 'disputed', 'finalized', 'rejected', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export type GetTaskParameters = { tasks: Address; taskId: bigint };

export type GetTaskReturnType = {
  taskId: bigint;
  requester: Address;
  fee: bigint;
  modelId: `0x${string}`;
  inputsHash: `0x${string}`;
  worker: Address;
  claimDeadline: number;
  windowStart: number;
  outputHash: `0x${string}`;
  traceRoot: `0x${string}`;
  /** The state as of the latest block (timestamps decide open/expired, challengeable/finalizable). */
  state: TaskState;
  /** The challenge window of the task's parameter snapshot, seconds. */
  challengeWindow: number;
};

/** ContractRevertError `TasksUnknownTask` for an id that was never created. */
export type GetTaskErrorType = ContractRevertError | ChainRpcError;

/** Reads a task, its state and its challenge window in one block. */
export async function getTask(client: Pick<VouchClients, 'public'>, parameters: GetTaskParameters): Promise<GetTaskReturnType> {
  const { tasks, taskId } = parameters;
  try {
    const blockNumber = await client.public.getBlockNumber({ cacheTime: 0 });
    const call = { address: tasks, abi: tasksAbi, blockNumber } as const;
    const [t, state, snapshot] = await Promise.all([
      client.public.readContract({ ...call, functionName: 'taskOf', args: [taskId] }),
      client.public.readContract({ ...call, functionName: 'state', args: [taskId] }),
      client.public.readContract({ ...call, functionName: 'snapshotOf', args: [taskId] }),
    ]);
    return {
      taskId,
      requester: t.requester,
      fee: t.fee,
      modelId: t.modelId,
      inputsHash: t.inputsHash,
      worker: t.worker,
      claimDeadline: Number(t.claimDeadline),
      windowStart: Number(t.windowStart),
      outputHash: t.outputHash,
      traceRoot: t.traceRoot,
      state: TASK_STATES[state],
      challengeWindow: Number(snapshot.challengeWindow),
    };
  } catch (err) {
    throw toChainError(err, { contract: tasks, functionName: 'taskOf', errorAbi: tasksAbi });
  }
}
