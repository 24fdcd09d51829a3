import type { Address, PublicClient } from 'viem';
import { stakeManagerAbi } from '../abis/StakeManager.ts';
import type { ChainRpcError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';

export type GetStakeParameters = { stakeManager: Address; agent: Address };

/** An agent's stake, in token base units. bonded = free + locked. */
export type GetStakeReturnType = {
  bonded: bigint;
  locked: bigint;
  free: bigint;
  pendingUnbond: bigint;
  /** Unix seconds when the pending unbond can be withdrawn (0 when none). */
  unbondReadyAt: bigint;
  /** Slash winnings and other credits waiting for withdraw(). */
  credits: bigint;
};

export type GetStakeErrorType = ChainRpcError;

/** Reads an agent's stake from the StakeManager. */
export async function getStake(client: { public: PublicClient }, parameters: GetStakeParameters): Promise<GetStakeReturnType> {
  const { stakeManager: address, agent } = parameters;
  try {
    const [bonded, locked, free, [pendingUnbond, unbondReadyAt], credits] = await Promise.all([
      client.public.readContract({ address, abi: stakeManagerAbi, functionName: 'bondedOf', args: [agent] }),
      client.public.readContract({ address, abi: stakeManagerAbi, functionName: 'lockedOf', args: [agent] }),
      client.public.readContract({ address, abi: stakeManagerAbi, functionName: 'freeOf', args: [agent] }),
      client.public.readContract({ address, abi: stakeManagerAbi, functionName: 'pendingUnbondOf', args: [agent] }),
      client.public.readContract({ address, abi: stakeManagerAbi, functionName: 'creditsOf', args: [agent] }),
    ]);
    return { bonded, locked, free, pendingUnbond, unbondReadyAt, credits };
  } catch (err) {
    throw toChainError(err, { contract: address, functionName: 'getStake' });
  }
}
