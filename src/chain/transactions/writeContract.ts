import {
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type EncodeFunctionDataParameters,
  encodeFunctionData,
} from 'viem';
import type { VouchClients } from '../clients/createVouchClients.ts';
import { type SendTransactionErrorType, type SendTransactionReturnType, type TransactionOptions, sendTransaction } from './sendTransaction.ts';

type Writable = 'nonpayable' | 'payable';

export type WriteContractParameters<
  abi extends Abi = Abi,
  functionName extends ContractFunctionName<abi, Writable> = ContractFunctionName<abi, Writable>,
> = TransactionOptions & {
  address: Address;
  abi: abi;
  functionName: functionName;
  args: ContractFunctionArgs<abi, Writable, functionName>;
  value?: bigint;
};

export type WriteContractReturnType = SendTransactionReturnType;

export type WriteContractErrorType = SendTransactionErrorType;

/** Calls a contract function in a transaction (sendTransaction's policy), reverts decoded with `abi` first. */
export async function writeContract<const abi extends Abi, functionName extends ContractFunctionName<abi, Writable>>(
  client: VouchClients,
  parameters: WriteContractParameters<abi, functionName>,
): Promise<WriteContractReturnType> {
  const { address, abi, functionName, args, value, ...options } = parameters;
  const data = encodeFunctionData({ abi, functionName, args } as EncodeFunctionDataParameters);
  return sendTransaction(client, { ...options, to: address, data, value, errorAbi: abi, functionName });
}
