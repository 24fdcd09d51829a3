import type { Address, Hex } from 'viem';
import { modelRegistryAbi } from '../abis/ModelRegistry.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import { type ChainRpcError, ContractRevertError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';

export type GetFloatCanonParameters = { modelRegistry: Address; modelId: Hex };

/** The canonicalisation code (kind << 8 | k) of a registered float model; undefined for an int8 or unknown model. */
export type GetFloatCanonReturnType = number | undefined;

export type GetFloatCanonErrorType = ChainRpcError;

/** ModelRegistry.floatCanonOf: the rule a float model's claims and escalation quorums hash under. */
export async function getFloatCanon(client: Pick<VouchClients, 'public'>, parameters: GetFloatCanonParameters): Promise<GetFloatCanonReturnType> {
  try {
    return await client.public.readContract({ address: parameters.modelRegistry, abi: modelRegistryAbi, functionName: 'floatCanonOf', args: [parameters.modelId] });
  } catch (err) {
    const e = toChainError(err, { contract: parameters.modelRegistry, functionName: 'floatCanonOf', errorAbi: modelRegistryAbi });
    if (e instanceof ContractRevertError && e.errorName === 'ModelNotFloat') return undefined;
    throw e;
  }
}
