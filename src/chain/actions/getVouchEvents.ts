import { type Abi, type Address, parseEventLogs } from 'viem';
import { disputeGameAbi } from '../abis/DisputeGame.ts';
import { tasksAbi } from '../abis/Tasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { ChainRpcError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';

/** Every event of Tasks and DisputeGame (what a node follows). */
export const vouchEventsAbi = [...tasksAbi.filter((e) => e.type === 'event'), ...disputeGameAbi.filter((e) => e.type === 'event')] as const;

export type VouchEvent = ReturnType<typeof parseEventLogs<typeof vouchEventsAbi>>[number];

export type GetVouchEventsParameters = { tasks: Address; disputeGame: Address; fromBlock: bigint; toBlock: bigint };

export type GetVouchEventsErrorType = ChainRpcError;

/** The Tasks and DisputeGame events of a block range, decoded, in chain order. */
export async function getVouchEvents(client: Pick<VouchClients, 'public'>, parameters: GetVouchEventsParameters): Promise<VouchEvent[]> {
  const { tasks, disputeGame, fromBlock, toBlock } = parameters;
  try {
    const logs = await client.public.getLogs({ address: [tasks, disputeGame], fromBlock, toBlock });
    return parseEventLogs({ abi: vouchEventsAbi as unknown as Abi, logs }) as unknown as VouchEvent[];
  } catch (err) {
    throw toChainError(err);
  }
}
