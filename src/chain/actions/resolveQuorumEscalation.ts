import { type Address, parseEventLogs } from 'viem';
import { samplingCoordinatorAbi } from '../abis/SamplingCoordinator.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type ResolveQuorumEscalationParameters = TransactionOptions & { samplingCoordinator: Address; taskId: bigint };

export type ResolveQuorumEscalationReturnType = SendTransactionReturnType & { claimRejected: boolean };

/** Typically ContractRevertError `SamplingQuorumNotSettled` (the quorum is still running) or `SamplingWrongStatus` (resolved already). */
export type ResolveQuorumEscalationErrorType = SendTransactionErrorType;

/**
 * Applies a settled escalation quorum to the frozen Tasks claim (anyone may call): the claim is
 * rejected iff the quorum finalized another result than the claim's output hash.
 */
export async function resolveQuorumEscalation(client: VouchClients, parameters: ResolveQuorumEscalationParameters): Promise<ResolveQuorumEscalationReturnType> {
  const { samplingCoordinator, taskId, ...tx } = parameters;
  const result = await writeContract(client, { ...tx, address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'resolveQuorumEscalation', args: [taskId] });
  const [event] = parseEventLogs({ abi: samplingCoordinatorAbi, eventName: 'QuorumEscalationResolved', logs: result.receipt.logs });
  return { ...result, claimRejected: event.args.claimRejected };
}
