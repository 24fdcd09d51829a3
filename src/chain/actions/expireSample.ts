import type { Address } from 'viem';
import { samplingCoordinatorAbi } from '../abis/SamplingCoordinator.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type ExpireSampleParameters = TransactionOptions & { samplingCoordinator: Address; taskId: bigint };

export type ExpireSampleReturnType = SendTransactionReturnType;

/** ContractRevertError `SamplingDeadlineNotPassed` or `SamplingWrongStatus` (answered). */
export type ExpireSampleErrorType = SendTransactionErrorType;

/** Slashes the bond of a drawn verifier that did not answer by its deadline (SamplingCoordinator.expire). Anyone may call. */
export function expireSample(client: VouchClients, parameters: ExpireSampleParameters): Promise<ExpireSampleReturnType> {
  const { samplingCoordinator, taskId, ...tx } = parameters;
  return writeContract(client, { ...tx, address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'expire', args: [taskId] });
}
