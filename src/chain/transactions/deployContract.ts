import { type Abi, type Address, type ContractConstructorArgs, type Hex, type TransactionReceipt, encodeDeployData, getAddress } from 'viem';
import type { VouchClients } from '../clients/createVouchClients.ts';
import { type SendTransactionErrorType, type TransactionOptions, sendTransaction } from './sendTransaction.ts';

export type DeployContractParameters<abi extends Abi = Abi> = TransactionOptions & {
  abi: abi;
  bytecode: Hex;
  args: ContractConstructorArgs<abi>;
  /** For error messages (e.g. 'StakeManager'). */
  name?: string;
};

export type DeployContractReturnType = { address: Address; receipt: TransactionReceipt };

export type DeployContractErrorType = SendTransactionErrorType;

/** Creates a contract (sendTransaction's policy) and returns its address. */
export async function deployContract<const abi extends Abi>(
  client: VouchClients,
  parameters: DeployContractParameters<abi>,
): Promise<DeployContractReturnType> {
  const { abi, bytecode, args, name, ...options } = parameters;
  const data = encodeDeployData({ abi, bytecode, args } as Parameters<typeof encodeDeployData>[0]);
  const { receipt } = await sendTransaction(client, {
    ...options,
    data,
    errorAbi: abi,
    functionName: name ? `new ${name}` : 'constructor',
  });
  return { address: getAddress(receipt.contractAddress!), receipt };
}
