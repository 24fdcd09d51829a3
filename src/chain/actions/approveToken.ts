import type { Address } from 'viem';
import { vouchTokenAbi } from '../abis/VouchToken.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type ApproveTokenParameters = TransactionOptions & {
  /** VouchToken address. */
  token: Address;
  /** Who may pull the tokens (e.g. the StakeManager). */
  spender: Address;
  amount: bigint;
};

export type ApproveTokenReturnType = SendTransactionReturnType;

export type ApproveTokenErrorType = SendTransactionErrorType;

/** Lets `spender` move up to `amount` of the client's tokens (ERC-20 approve). */
export function approveToken(client: VouchClients, parameters: ApproveTokenParameters): Promise<ApproveTokenReturnType> {
  const { token, spender, amount, ...tx } = parameters;
  return writeContract(client, { ...tx, address: token, abi: vouchTokenAbi, functionName: 'approve', args: [spender, amount] });
}
