import { type Hex, hexToBytes } from 'viem';
import { disputeGameAbi } from '../../chain/abis/DisputeGame.ts';
import { encodeDisputeMove } from '../../chain/actions/encodeDisputeMove.ts';
import { type GetGameReturnType, getGame } from '../../chain/actions/getGame.ts';
import { getTask } from '../../chain/actions/getTask.ts';
import { traceTree } from '../../commit/traceTree.ts';
import { int8Tensor } from '../../runtime/tensor.ts';
import type { NodeContext } from '../context.ts';
import { crashPoint } from '../crashPoint.ts';
import { sendTracked } from '../sendTracked.ts';
import { getTask as getStoredTask, loadTrace, recordDisputeMove, resolveDispute } from '../store/index.ts';
import type { DisputeRecord, Party } from '../store/types.ts';
import { type OwnExecution, nextMove } from './nextMove.ts';

/**
 * Each node's executions of its open games, by game id. Keyed by the node's context, not by
 * process: two nodes in one process (tests, a host running several agents) play the same game
 * id from opposite sides, and a shared cache handed the second node the first one's trace.
 */
const executions = new WeakMap<NodeContext, Map<bigint, OwnExecution>>();

function executionsOf(ctx: NodeContext): Map<bigint, OwnExecution> {
  let games = executions.get(ctx);
  if (!games) {
    games = new Map();
    executions.set(ctx, games);
  }
  return games;
}

/** The open games this node plays, from the database. */
export function openDisputes(ctx: NodeContext): DisputeRecord[] {
  return (ctx.store.db.prepare("SELECT game_id FROM disputes WHERE status = 'open' ORDER BY game_id").all() as { game_id: string }[]).map((r) => {
    const row = ctx.store.db.prepare('SELECT * FROM disputes WHERE game_id = ?').get(r.game_id) as Record<string, unknown>;
    return {
      gameId: BigInt(r.game_id),
      taskId: BigInt(row.task_id as string),
      ourSide: row.our_side as Party,
      moves: row.moves as number,
    } as DisputeRecord;
  });
}

/**
 * One round for one game, driven by the chain's state: record what the opponent did, make our
 * move if it is our turn, claim a timeout once the opponent's clock has run out, record the end.
 */
export async function playDispute(ctx: NodeContext, dispute: DisputeRecord, fromBlock: bigint): Promise<void> {
  const { gameId } = dispute;
  const game = await getGame(ctx.clients, { disputeGame: ctx.addresses.disputeGame, gameId });
  const ours = dispute.ourSide;
  if (game.status !== 'in-progress') {
    const winner: Party = game.status === 'worker-won' ? 'worker' : 'challenger';
    let windowEnd: number | undefined;
    if (winner === 'worker') {
      const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId: dispute.taskId });
      windowEnd = task.windowStart + task.challengeWindow;
    }
    resolveDispute(ctx.store, { gameId, winner, windowEnd });
    executionsOf(ctx).delete(gameId);
    ctx.log(winner === ours ? 'dispute-won' : 'dispute-lost', { gameId, taskId: dispute.taskId, side: ours });
    return;
  }
  // Moves since the last one recorded, from their events: the opponent's, and our own when a
  // crash came between sending a move and recording it.
  if (dispute.moves < game.moves) {
    const moves = (await gameMoves(ctx, gameId, fromBlock)).slice(dispute.moves, game.moves);
    for (const m of moves) recordDisputeMove(ctx.store, { gameId, ...m, next: nextState(game, ours) });
    if (dispute.moves + moves.length < game.moves) return; // the node's RPC has not seen the events yet
  }
  if (game.turn !== ours) {
    const theirUsed = ours === 'worker' ? game.challengerUsed : game.workerUsed;
    if (theirUsed > game.budget) await send(ctx, dispute, game, { kind: 'resolveTimeout' }, 'resolve-timeout');
    return;
  }
  const own = ownExecution(ctx, dispute);
  const workerLeaf = game.phase === 'leaf-reveal' && ours === 'challenger' ? await revealedWorkerLeaf(ctx, gameId, fromBlock) : undefined;
  const move = nextMove({ game, side: ours, own, workerLeaf });
  if (!move) return;
  const sent = await send(ctx, dispute, game, move, 'move');
  if (!sent) return;
  crashPoint('player.move-sent');
  const after = await getGame(ctx.clients, { disputeGame: ctx.addresses.disputeGame, gameId });
  const left = move.kind === 'bisect' ? move.left : undefined;
  const right = move.kind === 'bisect' ? move.right : undefined;
  if (after.status === 'in-progress') {
    recordDisputeMove(ctx.store, { gameId, party: ours, left, right, next: nextState(after, ours), txHash: sent });
  }
  ctx.log('dispute-move', { gameId, side: ours, move: move.kind, phase: game.phase, moves: after.moves });
}

async function send(ctx: NodeContext, dispute: DisputeRecord, game: GetGameReturnType, move: Parameters<typeof encodeDisputeMove>[2], kind: string): Promise<Hex | undefined> {
  const call = encodeDisputeMove(ctx.addresses.disputeGame, dispute.gameId, move);
  try {
    const r = await sendTracked(ctx, { kind, subject: `game:${dispute.gameId}:${game.moves}`, gameId: dispute.gameId, ...call });
    return r.hash;
  } catch (err) {
    ctx.log('dispute-move-failed', { gameId: dispute.gameId, move: move.kind, error: (err as Error).message.split('\n')[0] });
    return undefined;
  }
}

function nextState(game: GetGameReturnType, ours: Party) {
  const used = (p: Party) => (p === 'worker' ? game.workerUsed : game.challengerUsed);
  const deadline = (p: Party) => Number(game.timestamp + game.budget - used(p));
  const theirs: Party = ours === 'worker' ? 'challenger' : 'worker';
  return {
    phase: game.phase,
    turn: game.turn,
    level: game.depth,
    index: game.index,
    ...(game.phase !== 'trace-bisection' ? { traceIndex: game.traceIndex } : {}),
    ourDeadline: deadline(ours),
    theirDeadline: deadline(theirs),
  };
}

/** The worker's leaf from its LeafRevealed event (the first of the game's two). */
async function revealedWorkerLeaf(ctx: NodeContext, gameId: bigint, fromBlock: bigint): Promise<Hex | undefined> {
  const logs = await ctx.clients.public.getContractEvents({
    address: ctx.addresses.disputeGame,
    abi: disputeGameAbi,
    eventName: 'LeafRevealed',
    args: { gameId },
    fromBlock,
  });
  const worker = logs.find((l) => l.args.party === 0);
  return worker?.args.leaf;
}

type ObservedMove = { party: Party; left?: Hex; right?: Hex; txHash: Hex };

/** Every move of a game in chain order: each counted move emits one of these three events, with its party. */
async function gameMoves(ctx: NodeContext, gameId: bigint, fromBlock: bigint): Promise<ObservedMove[]> {
  const logs = await ctx.clients.public.getContractEvents({ address: ctx.addresses.disputeGame, abi: disputeGameAbi, args: { gameId }, fromBlock });
  return logs
    .filter((l) => l.eventName === 'Bisected' || l.eventName === 'TensorRootRevealed' || l.eventName === 'LeafRevealed')
    .sort((a, b) => Number(a.blockNumber - b.blockNumber) || a.logIndex - b.logIndex)
    .map((l) => {
      const args = l.args as { party?: number; left?: Hex; right?: Hex };
      return { party: args.party === 0 ? 'worker' : 'challenger', left: args.left, right: args.right, txHash: l.transactionHash };
    });
}

function ownExecution(ctx: NodeContext, dispute: DisputeRecord): OwnExecution {
  const cached = executionsOf(ctx).get(dispute.gameId);
  if (cached) return cached;
  const task = getStoredTask(ctx.store, dispute.taskId);
  const served = task && ctx.models.get(task.modelId);
  const record = loadTrace(ctx.store, dispute.taskId);
  if (!served || !record) throw new Error(`game ${dispute.gameId}: no stored trace or model for task ${dispute.taskId}`);
  const trace = record.tensors.map((t) => int8Tensor(t.shape, new Int8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)));
  const own: OwnExecution = {
    model: served.model,
    commitment: served.commitment,
    trace,
    traceTree: traceTree(record.tensors.map((t) => hexToBytes(t.hash))),
    tensorTrees: new Map(),
  };
  executionsOf(ctx).set(dispute.gameId, own);
  return own;
}
