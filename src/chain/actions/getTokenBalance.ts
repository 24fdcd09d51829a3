import type { Address, PublicClient } from 'viem';
import { vouchTokenAbi } from '../abis/VouchToken.ts';
import type { ChainRpcError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';

export type GetTokenBalanceParameters = { token: Address; account: Address };

export type GetTokenBalanceReturnType = bigint;

export type GetTokenBalanceErrorType = ChainRpcError;

/** The account's VouchToken balance, in base units (18 decimals). */
export async function getTokenBalance(client: { public: PublicClient }, parameters: GetTokenBalanceParameters): Promise<GetTokenBalanceReturnType> {
  try {
    return await client.public.readContract({ address: parameters.token, abi: vouchTokenAbi, functionName: 'balanceOf', args: [parameters.account] });
  } catch (err) {
    throw toChainError(err, { contract: parameters.token, functionName: 'balanceOf' });
  }
}
