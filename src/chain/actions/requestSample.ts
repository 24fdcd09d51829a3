import { type Address, parseEventLogs } from 'viem';
import { samplingCoordinatorAbi } from '../abis/SamplingCoordinator.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type RequestSampleParameters = TransactionOptions & { samplingCoordinator: Address; taskId: bigint };

export type RequestSampleReturnType = SendTransactionReturnType & { drawBlock: bigint };

/** Typically ContractRevertError `SamplingNotChallengeable` (no claim, or its window closed) or `SamplingWrongStatus` (requested already). */
export type RequestSampleErrorType = SendTransactionErrorType;

/** Asks for the claim on a Tasks task to be sampled (SamplingCoordinator.requestSample); drawable after block `drawBlock`. */
export async function requestSample(client: VouchClients, parameters: RequestSampleParameters): Promise<RequestSampleReturnType> {
  const { samplingCoordinator, taskId, ...tx } = parameters;
  const result = await writeContract(client, { ...tx, address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'requestSample', args: [taskId] });
  const [event] = parseEventLogs({ abi: samplingCoordinatorAbi, eventName: 'SampleRequested', logs: result.receipt.logs });
  return { ...result, drawBlock: event.args.drawBlock };
}
