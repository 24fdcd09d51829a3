import type { Address, PublicClient } from 'viem';
import { identityRegistryAbi } from '../abis/IdentityRegistry.ts';
import type { ChainRpcError, ContractRevertError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';

export type GetAgentParameters = { identityRegistry: Address; agentId: bigint };

export type GetAgentReturnType = {
  agentId: bigint;
  owner: Address;
  /** The registration file's URI (ERC-721 tokenURI). */
  agentURI: string;
  /** Proven payout address; the zero address right after a transfer. */
  agentWallet: Address;
};

/** ContractRevertError `ERC721NonexistentToken` when no agent has this id. */
export type GetAgentErrorType = ContractRevertError | ChainRpcError;

/** Reads an ERC-8004 agent identity. */
export async function getAgent(client: { public: PublicClient }, parameters: GetAgentParameters): Promise<GetAgentReturnType> {
  const { identityRegistry: address, agentId } = parameters;
  try {
    const [owner, agentURI, agentWallet] = await Promise.all([
      client.public.readContract({ address, abi: identityRegistryAbi, functionName: 'ownerOf', args: [agentId] }),
      client.public.readContract({ address, abi: identityRegistryAbi, functionName: 'tokenURI', args: [agentId] }),
      client.public.readContract({ address, abi: identityRegistryAbi, functionName: 'getAgentWallet', args: [agentId] }),
    ]);
    return { agentId, owner, agentURI, agentWallet };
  } catch (err) {
    throw toChainError(err, { contract: address, functionName: 'getAgent', errorAbi: identityRegistryAbi });
  }
}
