import type { Address } from 'viem';
import { samplingCoordinatorAbi } from '../abis/SamplingCoordinator.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type JoinSamplingPoolParameters = TransactionOptions & {
  samplingCoordinator: Address;
  /** Free bonded stake added to the caller's verifier reserve (0n if it already covers a bond). */
  reserve: bigint;
};

export type JoinSamplingPoolReturnType = SendTransactionReturnType;

/** Typically ContractRevertError `PoolAlreadyMember`, `PoolReserveTooLow` or `StakeInsufficientFree`. */
export type JoinSamplingPoolErrorType = SendTransactionErrorType;

/** Opts the caller in as a sampling verifier (SamplingCoordinator.joinPool). */
export function joinSamplingPool(client: VouchClients, parameters: JoinSamplingPoolParameters): Promise<JoinSamplingPoolReturnType> {
  const { samplingCoordinator, reserve, ...tx } = parameters;
  return writeContract(client, { ...tx, address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'joinPool', args: [reserve] });
}
