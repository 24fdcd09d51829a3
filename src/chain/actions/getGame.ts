import type { Address, Hex } from 'viem';
import { disputeGameAbi } from '../abis/DisputeGame.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { ChainRpcError, ContractRevertError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';
import { decodePosition } from '../decodePosition.ts';

export const GAME_STATUSES = ['none', 'in-progress', 'worker-won', 'challenger-won'] as const;
export const GAME_PHASES = ['trace-bisection', 'tensor-header', 'tensor-bisection', 'leaf-reveal', 'step'] as const;
export const PARTIES = ['worker', 'challenger'] as const;

export type GameParty = (typeof PARTIES)[number];

export type GetGameParameters = { disputeGame: Address; gameId: bigint };

/** A dispute game as of the latest block, with both clocks (seconds used, shared budget). */
export type GetGameReturnType = {
  gameId: bigint;
  taskId: bigint;
  status: (typeof GAME_STATUSES)[number];
  phase: (typeof GAME_PHASES)[number];
  turn: GameParty;
  worker: Address;
  challenger: Address;
  traceDepth: number;
  tensorDepth: number;
  /** Depth in the current tree and index at that depth (the contract's Position = 2^depth + index). */
  depth: number;
  index: bigint;
  traceIndex: number;
  elementCount: bigint;
  elementIndex: bigint;
  workerValue: number;
  challengerValue: number;
  workerNode: Hex;
  challengerNode: Hex;
  moves: number;
  maxMoves: number;
  budget: bigint;
  workerUsed: bigint;
  challengerUsed: bigint;
  /** Timestamp of the block read. */
  timestamp: bigint;
  bond: bigint;
};

/** ContractRevertError `GameUnknown` for an id never opened. */
export type GetGameErrorType = ContractRevertError | ChainRpcError;

/** Reads a game and both parties' clocks in one block. */
export async function getGame(client: Pick<VouchClients, 'public'>, parameters: GetGameParameters): Promise<GetGameReturnType> {
  const { disputeGame, gameId } = parameters;
  try {
    const block = await client.public.getBlock({ blockTag: 'latest' });
    const call = { address: disputeGame, abi: disputeGameAbi, blockNumber: block.number } as const;
    const [g, [workerUsed], [challengerUsed]] = await Promise.all([
      client.public.readContract({ ...call, functionName: 'gameOf', args: [gameId] }),
      client.public.readContract({ ...call, functionName: 'clockOf', args: [gameId, 0] }),
      client.public.readContract({ ...call, functionName: 'clockOf', args: [gameId, 1] }),
    ]);
    const { depth, index } = decodePosition(BigInt(g.position));
    return {
      gameId,
      taskId: BigInt(g.taskId),
      status: GAME_STATUSES[g.status],
      phase: GAME_PHASES[g.phase],
      turn: PARTIES[g.turn],
      worker: g.worker,
      challenger: g.challenger,
      traceDepth: g.traceDepth,
      tensorDepth: g.tensorDepth,
      depth,
      index,
      traceIndex: Number(g.traceIndex),
      elementCount: BigInt(g.elementCount),
      elementIndex: BigInt(g.elementIndex),
      workerValue: g.workerValue,
      challengerValue: g.challengerValue,
      workerNode: g.workerNode,
      challengerNode: g.challengerNode,
      moves: g.moves,
      maxMoves: g.maxMoves,
      budget: BigInt(g.budget),
      workerUsed,
      challengerUsed,
      timestamp: block.timestamp,
      bond: g.bond,
    };
  } catch (err) {
    throw toChainError(err, { contract: disputeGame, functionName: 'gameOf', errorAbi: disputeGameAbi });
  }
}
