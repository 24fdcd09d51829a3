import type { Address, Hex } from 'viem';
import { modelRegistryAbi } from '../abis/ModelRegistry.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type RegisterModelParameters = TransactionOptions & {
  modelRegistry: Address;
  /** The model commitment (docs/model-format.md): the registry recomputes the id from the parts. */
  modelId: Hex;
  ioWords: readonly bigint[];
  opsRoot: Hex;
  constantsRoot: Hex;
  opCount: number;
  constantCount: number;
};

export type RegisterModelReturnType = SendTransactionReturnType;

/** Typically ContractRevertError `ModelIdMismatch` (parts that do not give the id) or `ModelAlreadyRegistered`. */
export type RegisterModelErrorType = SendTransactionErrorType;

/** Registers a model commitment so tasks can name it and disputes can prove its ops and weights. */
export function registerModel(client: VouchClients, parameters: RegisterModelParameters): Promise<RegisterModelReturnType> {
  const { modelRegistry, modelId, ioWords, opsRoot, constantsRoot, opCount, constantCount, ...tx } = parameters;
  return writeContract(client, {
    ...tx,
    address: modelRegistry,
    abi: modelRegistryAbi,
    functionName: 'register',
    args: [modelId, ioWords, opsRoot, constantsRoot, opCount, constantCount],
  });
}
