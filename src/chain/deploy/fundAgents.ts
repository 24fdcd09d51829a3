import type { Address, Hex } from 'viem';
import { vouchTokenAbi } from '../abis/VouchToken.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import { type SendTransactionErrorType, type TransactionOptions, sendTransaction } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type FundAgentsParameters = TransactionOptions & {
  /** VouchToken address. */
  token: Address;
  agents: readonly Address[];
  /** Tokens (base units) for each agent; 0n sends none. */
  amount: bigint;
  /** Wei for each agent, for gas (default 1 ETH; 0n sends none). */
  ethAmount?: bigint;
};

export type FundAgentsReturnType = { hashes: readonly Hex[] };

export type FundAgentsErrorType = SendTransactionErrorType;

/** Sends every agent `amount` tokens and `ethAmount` wei from the client's account, all transfers in flight at once. */
export async function fundAgents(client: VouchClients, parameters: FundAgentsParameters): Promise<FundAgentsReturnType> {
  const { token, agents, amount, ethAmount = 10n ** 18n, ...tx } = parameters;
  const sends: Promise<{ hash: Hex }>[] = [];
  for (const agent of agents) {
    if (amount > 0n) sends.push(writeContract(client, { ...tx, address: token, abi: vouchTokenAbi, functionName: 'transfer', args: [agent, amount] }));
    if (ethAmount > 0n) sends.push(sendTransaction(client, { ...tx, to: agent, value: ethAmount }));
  }
  const results = await Promise.all(sends);
  return { hashes: results.map((r) => r.hash) };
}
