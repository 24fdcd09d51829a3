import { type Address, type Hex, keccak256, parseEventLogs, toBytes } from 'viem';
import { tasksAbi } from '../abis/Tasks.ts';
import { validationRegistryAbi } from '../abis/ValidationRegistry.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type RequestTaskValidationParameters = TransactionOptions & {
  tasks: Address;
  validationRegistry: Address;
  taskId: bigint;
  /** The worker's ERC-8004 agent id (the client account must own or operate it). */
  agentId: bigint;
  /** Where the claim is described (task, model, output hash, trace root). */
  requestURI: string;
};

export type RequestTaskValidationReturnType = { requestHash: Hex };

/** Typically ContractRevertError `TasksWrongState` (not our claim) or `TasksNotAgentManager`. */
export type RequestTaskValidationErrorType = SendTransactionErrorType;

/**
 * Links a claimed task to the worker's ERC-8004 identity and asks Tasks (the validator) to post
 * the outcome: 100 when the result becomes final, 0 when it is proven wrong (docs/erc8004.md).
 */
export async function requestTaskValidation(client: VouchClients, parameters: RequestTaskValidationParameters): Promise<RequestTaskValidationReturnType> {
  const { tasks, validationRegistry, taskId, agentId, requestURI, ...tx } = parameters;
  const salt = keccak256(toBytes(`vouch:validation:${taskId}`));
  const linked = await writeContract(client, { ...tx, address: tasks, abi: tasksAbi, functionName: 'linkValidation', args: [taskId, agentId, salt] });
  const [event] = parseEventLogs({ abi: tasksAbi, eventName: 'ValidationLinked', logs: linked.receipt.logs });
  const requestHash = event.args.requestHash;
  await writeContract(client, {
    ...tx,
    address: validationRegistry,
    abi: validationRegistryAbi,
    functionName: 'validationRequest',
    args: [tasks, agentId, requestURI, requestHash],
  });
  return { requestHash };
}
