import type { Address } from 'viem';
import { stakeManagerAbi } from '../abis/StakeManager.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type BondStakeParameters = TransactionOptions & {
  stakeManager: Address;
  /** Tokens (base units) moved from the client's account into its stake; approve them first (approveToken). */
  amount: bigint;
};

export type BondStakeReturnType = SendTransactionReturnType;

/** Typically ContractRevertError `ERC20InsufficientAllowance` (not approved) or `StakeZeroAmount`. */
export type BondStakeErrorType = SendTransactionErrorType;

/** Bonds `amount` tokens as the client account's stake (StakeManager.bond). */
export function bondStake(client: VouchClients, parameters: BondStakeParameters): Promise<BondStakeReturnType> {
  const { stakeManager, amount, ...tx } = parameters;
  return writeContract(client, { ...tx, address: stakeManager, abi: stakeManagerAbi, functionName: 'bond', args: [amount] });
}
