import type { Address } from 'viem';
import { samplingCoordinatorAbi } from '../abis/SamplingCoordinator.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type LeaveSamplingPoolParameters = TransactionOptions & { samplingCoordinator: Address };

export type LeaveSamplingPoolReturnType = SendTransactionReturnType;

/** ContractRevertError `PoolNotMember`. */
export type LeaveSamplingPoolErrorType = SendTransactionErrorType;

/** Leaves the verifier pool and releases the spare reserve (SamplingCoordinator.leavePool). */
export function leaveSamplingPool(client: VouchClients, parameters: LeaveSamplingPoolParameters): Promise<LeaveSamplingPoolReturnType> {
  const { samplingCoordinator, ...tx } = parameters;
  return writeContract(client, { ...tx, address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'leavePool', args: [] });
}
