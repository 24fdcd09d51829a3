import { type Abi, type Address, formatLog, type Hex, type Log, numberToHex, pad, parseEventLogs, type RpcLog } from 'viem';
import { disputeGameAbi } from '../abis/DisputeGame.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { ChainRpcError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';
import { type VouchEvent, vouchEventsAbi } from './getVouchEvents.ts';

export type GetTaskHistoryParameters = { tasks: Address; disputeGame: Address; taskId: bigint; fromBlock: bigint };

export type GetTaskHistoryReturnType = {
  /** Every Tasks event of the task, and the GameOpened/GameResolved of games on it, in chain order. */
  events: VouchEvent[];
  /** The games opened on the task, oldest first. */
  gameIds: bigint[];
};

export type GetTaskHistoryErrorType = ChainRpcError;

/**
 * A task's story from its events. Tasks recycles a settled task's storage (only its status
 * survives in `taskOf`), so who claimed it, what was paid and which games were played are read
 * from the logs, selected by the indexed task id.
 */
export async function getTaskHistory(client: Pick<VouchClients, 'public'>, parameters: GetTaskHistoryParameters): Promise<GetTaskHistoryReturnType> {
  const { tasks, disputeGame, taskId, fromBlock } = parameters;
  const id = pad(numberToHex(taskId), { size: 32 });
  try {
    // Tasks events index the task id first; GameOpened and GameResolved index it second.
    const [own, games] = await Promise.all([
      getLogs(client, { address: tasks, topics: [null, id], fromBlock }),
      getLogs(client, { address: disputeGame, topics: [null, null, id], fromBlock }),
    ]);
    const logs = [...own, ...games].sort((a, b) => Number(a.blockNumber! - b.blockNumber!) || a.logIndex! - b.logIndex!);
    const events = parseEventLogs({ abi: vouchEventsAbi as unknown as Abi, logs }) as unknown as VouchEvent[];
    const gameIds = events.filter((e) => e.eventName === 'GameOpened').map((e) => (e.args as { gameId: bigint }).gameId);
    return { events, gameIds };
  } catch (err) {
    throw toChainError(err);
  }
}

export type GetGameHistoryParameters = { disputeGame: Address; gameId: bigint; fromBlock: bigint };

/** Every event of one dispute game (opening, each move, the step, the resolution), in chain order. */
export async function getGameHistory(client: Pick<VouchClients, 'public'>, parameters: GetGameHistoryParameters): Promise<VouchEvent[]> {
  const { disputeGame, gameId, fromBlock } = parameters;
  try {
    const logs = await getLogs(client, { address: disputeGame, topics: [null, pad(numberToHex(gameId), { size: 32 })], fromBlock });
    return parseEventLogs({ abi: disputeGameAbi as unknown as Abi, logs }) as unknown as VouchEvent[];
  } catch (err) {
    throw toChainError(err);
  }
}

// viem's getLogs filters by event signature; selecting by an indexed id across all events
// of a contract needs the raw topic filter.
async function getLogs(client: Pick<VouchClients, 'public'>, filter: { address: Address; topics: (Hex | null)[]; fromBlock: bigint }): Promise<Log[]> {
  const logs = (await client.public.request({
    method: 'eth_getLogs',
    params: [{ address: filter.address, topics: filter.topics, fromBlock: numberToHex(filter.fromBlock), toBlock: 'latest' }],
  })) as RpcLog[];
  return logs.map((l) => formatLog(l));
}
