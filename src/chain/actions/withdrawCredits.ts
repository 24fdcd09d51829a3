import type { Address } from 'viem';
import { stakeManagerAbi } from '../abis/StakeManager.ts';
import { tasksAbi } from '../abis/Tasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { ChainRpcError } from '../errors.ts';
import type { SendTransactionErrorType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { toChainError } from '../transactions/toChainError.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type WithdrawCreditsParameters = TransactionOptions & { tasks: Address; stakeManager: Address };

/** Tokens withdrawn from each ledger (0n where there was nothing). */
export type WithdrawCreditsReturnType = { fromTasks: bigint; fromStake: bigint };

export type WithdrawCreditsErrorType = SendTransactionErrorType | ChainRpcError;

/**
 * Pulls the account's credits: fees and refunds from Tasks, slashed stake won and free credits
 * from the StakeManager. Sends nothing for an empty ledger.
 */
export async function withdrawCredits(client: VouchClients, parameters: WithdrawCreditsParameters): Promise<WithdrawCreditsReturnType> {
  const { tasks, stakeManager, ...tx } = parameters;
  const account = client.wallet.account.address;
  let fromTasks: bigint;
  let fromStake: bigint;
  try {
    fromTasks = await client.public.readContract({ address: tasks, abi: tasksAbi, functionName: 'creditsOf', args: [account] });
    fromStake = (await client.public.readContract({ address: stakeManager, abi: stakeManagerAbi, functionName: 'creditsOf', args: [account] })) as bigint;
  } catch (err) {
    throw toChainError(err);
  }
  if (fromTasks > 0n) await writeContract(client, { ...tx, address: tasks, abi: tasksAbi, functionName: 'withdraw', args: [] });
  if (fromStake > 0n) await writeContract(client, { ...tx, address: stakeManager, abi: stakeManagerAbi, functionName: 'withdraw', args: [] });
  return { fromTasks, fromStake };
}
