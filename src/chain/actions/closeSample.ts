import type { Address } from 'viem';
import { samplingCoordinatorAbi } from '../abis/SamplingCoordinator.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type CloseSampleParameters = TransactionOptions & { samplingCoordinator: Address; taskId: bigint };

export type CloseSampleReturnType = SendTransactionReturnType;

/** ContractRevertError `SamplingTaskNotSettled` while the Tasks claim is still open. */
export type CloseSampleErrorType = SendTransactionErrorType;

/** Closes an agreed sample once its task settled: bond released (final) or slashed (proven wrong) (SamplingCoordinator.close). */
export function closeSample(client: VouchClients, parameters: CloseSampleParameters): Promise<CloseSampleReturnType> {
  const { samplingCoordinator, taskId, ...tx } = parameters;
  return writeContract(client, { ...tx, address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'close', args: [taskId] });
}
