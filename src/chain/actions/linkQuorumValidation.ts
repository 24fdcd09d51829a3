import { type Address, type Hex, keccak256, parseEventLogs, toBytes } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import { validationRegistryAbi } from '../abis/ValidationRegistry.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type LinkQuorumValidationParameters = TransactionOptions & {
  quorumTasks: Address;
  validationRegistry: Address;
  taskId: bigint;
  seat: number;
  /** The member's ERC-8004 agent id (the client account must own or operate it). */
  agentId: bigint;
  requestURI: string;
};

export type LinkQuorumValidationReturnType = { requestHash: Hex };

/** Typically ContractRevertError `QuorumNotSeat`, `QuorumWrongState` (settled) or `QuorumNotAgentManager`. */
export type LinkQuorumValidationErrorType = SendTransactionErrorType;

/**
 * Links the caller's seat to its ERC-8004 identity and asks QuorumTasks (the validator) to post
 * the outcome at settlement: 100 in the majority, 0 deviant or silent, tag "vouch:quorum".
 */
export async function linkQuorumValidation(client: VouchClients, parameters: LinkQuorumValidationParameters): Promise<LinkQuorumValidationReturnType> {
  const { quorumTasks, validationRegistry, taskId, seat, agentId, requestURI, ...tx } = parameters;
  const salt = keccak256(toBytes(`vouch:quorum-validation:${taskId}:${seat}`));
  const linked = await writeContract(client, {
    ...tx,
    address: quorumTasks,
    abi: quorumTasksAbi,
    functionName: 'linkValidation',
    args: [taskId, BigInt(seat), agentId, salt],
  });
  const [event] = parseEventLogs({ abi: quorumTasksAbi, eventName: 'ValidationLinked', logs: linked.receipt.logs });
  const requestHash = event.args.requestHash;
  await writeContract(client, {
    ...tx,
    address: validationRegistry,
    abi: validationRegistryAbi,
    functionName: 'validationRequest',
    args: [quorumTasks, agentId, requestURI, requestHash],
  });
  return { requestHash };
}
