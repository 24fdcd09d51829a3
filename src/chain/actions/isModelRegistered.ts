import type { Address, Hex } from 'viem';
import { modelRegistryAbi } from '../abis/ModelRegistry.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { ChainRpcError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';

export type IsModelRegisteredParameters = { modelRegistry: Address; modelId: Hex };

export type IsModelRegisteredErrorType = ChainRpcError;

/** Whether ModelRegistry holds the model. */
export async function isModelRegistered(client: Pick<VouchClients, 'public'>, parameters: IsModelRegisteredParameters): Promise<boolean> {
  try {
    return await client.public.readContract({ address: parameters.modelRegistry, abi: modelRegistryAbi, functionName: 'isRegistered', args: [parameters.modelId] });
  } catch (err) {
    throw toChainError(err);
  }
}
