import type { Address } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { ChainRpcError } from '../errors.ts';
import type { SendTransactionErrorType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { toChainError } from '../transactions/toChainError.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type WithdrawQuorumCreditsParameters = TransactionOptions & { quorumTasks: Address };

/** Tokens withdrawn (0n: nothing was owed, nothing sent). */
export type WithdrawQuorumCreditsReturnType = { amount: bigint };

export type WithdrawQuorumCreditsErrorType = SendTransactionErrorType | ChainRpcError;

/** Pulls the caller's QuorumTasks credits (majority shares, refunds). Slash winnings paid to a requester sit in the StakeManager: withdrawCredits. */
export async function withdrawQuorumCredits(client: VouchClients, parameters: WithdrawQuorumCreditsParameters): Promise<WithdrawQuorumCreditsReturnType> {
  const { quorumTasks, ...tx } = parameters;
  let amount: bigint;
  try {
    amount = await client.public.readContract({ address: quorumTasks, abi: quorumTasksAbi, functionName: 'creditsOf', args: [client.wallet.account.address] });
  } catch (err) {
    throw toChainError(err);
  }
  if (amount > 0n) await writeContract(client, { ...tx, address: quorumTasks, abi: quorumTasksAbi, functionName: 'withdraw', args: [] });
  return { amount };
}
