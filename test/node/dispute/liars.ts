/**
 * Scripted liars for the dispute strategy tests, and the loop that plays one game between a
 * liar and the node's own player. A liar sends its moves with the chain actions; the honest
 * party is only ever played by the node's code (playDispute, through HonestNode.tick).
 */
import { type Hex, bytesToHex, hexToBytes, keccak256, toBytes } from 'viem';
import type { GetGameReturnType } from '../../../src/chain/actions/getGame.ts';
import { nodeChildren } from '../../../src/commit/nodeChildren.ts';
import { traceTree } from '../../../src/commit/traceTree.ts';
import { opDescriptorProof } from '../../../src/dispute/index.ts';
import { type OwnExecution, nextMove } from '../../../src/node/dispute/nextMove.ts';
import type { ServedModel } from '../../../src/node/execution/loadServedModel.ts';
import { type Chain, type HonestNode, type Roles, gameOf, nextBlockAt, passTime, sendMove, workerLeafOf } from './harness.ts';

type Side = 'worker' | 'challenger';

export type Liar = {
  side: Side;
  /** Makes the liar's move for `game` (its turn); false when it does not or cannot move (it then loses on time). */
  act(game: GetGameReturnType): Promise<boolean>;
  /** Moves the chain accepted. */
  moves: { kind: string; timestamp: bigint; used: bigint; budget: bigint }[];
  /** Custom errors of the moves the chain refused. */
  reverts: string[];
};

export type ConsistentLiarOptions = {
  side: Side;
  as: Roles;
  /** The execution it answers from, by the number of moves it has made so far (a switch mid-game). */
  own: (movesMade: number) => OwnExecution;
  /** A lying worker that reached the step would lose by it: submit it anyway (default) or stay silent. */
  stepAtEnd?: boolean;
  /** Send this move at the last second of the liar's clock (used + elapsed = budget exactly). */
  atLastSecond?: (game: GetGameReturnType, movesMade: number) => boolean;
};

/**
 * A liar that plays the move builders over its own (lying) execution, as a dishonest node would.
 * After a refused move it stays silent: a party that cannot make a valid move can only let its
 * clock run out.
 */
export function consistentLiar(chain: Chain, o: ConsistentLiarOptions): Liar {
  const clients = chain.agents[o.as];
  let silent = false;
  const liar: Liar = {
    side: o.side,
    moves: [],
    reverts: [],
    async act(game) {
      if (silent) return false;
      if (game.phase === 'step' && o.stepAtEnd === false) return false;
      const workerLeaf = o.side === 'challenger' && game.phase === 'leaf-reveal' ? await workerLeafOf(chain, game.gameId) : undefined;
      const own = o.own(liar.moves.length);
      // In Step the step is permissionless but runs on the worker's clock; nextMove leaves it to the worker.
      const move = nextMove({ game, side: o.side, own, workerLeaf });
      if (!move) return false;
      if (o.atLastSecond?.(game, liar.moves.length)) {
        const used = o.side === 'worker' ? game.workerUsed : game.challengerUsed;
        await nextBlockAt(chain, game.timestamp + game.budget - used);
      }
      return record(chain, liar, clients, game, move, () => (silent = true));
    },
  };
  return liar;
}

/**
 * A liar that answers the bisection from a tree of hashes it holds (`leaves`, padding slots
 * included) but has no tensor behind them: over garbage, its header reveal (the one it tries,
 * with a made-up root) reverts; with garbage in a padding slot, the bisection refuses the
 * padding child (GameBadPadding). Either way it then loses on time.
 */
export function garbageLiar(chain: Chain, o: { side: Side; as: Roles; model: ServedModel; leaves: Hex[] }): Liar {
  const clients = chain.agents[o.as];
  const tree = traceTree(o.leaves.map((h) => hexToBytes(h)));
  let silent = false;
  const liar: Liar = {
    side: o.side,
    moves: [],
    reverts: [],
    async act(game) {
      if (silent) return false;
      if (game.phase === 'trace-bisection') {
        const { left, right } = nodeChildren(tree, game.depth, Number(game.index));
        return record(chain, liar, clients, game, { kind: 'bisect', left: bytesToHex(left), right: bytesToHex(right) }, () => (silent = true));
      }
      if (game.phase === 'tensor-header') {
        const { descriptor, proof } = opDescriptorProof(o.model.model, game.traceIndex - o.model.model.inputs.length, o.model.commitment);
        const root = keccak256(toBytes(`made-up root ${game.gameId}`));
        await record(chain, liar, clients, game, { kind: 'revealTensorRoot', root, descriptor, opProof: proof }, () => (silent = true));
        return false;
      }
      throw new Error(`a garbage liar cannot reach ${game.phase}`);
    },
  };
  return liar;
}

/** A liar that never moves after opening or claiming. */
export function silentLiar(side: Side): Liar {
  return { side, moves: [], reverts: [], act: async () => false };
}

async function record(chain: Chain, liar: Liar, clients: Chain['agents'][Roles], game: GetGameReturnType, move: Parameters<typeof sendMove>[3], goSilent: () => void): Promise<boolean> {
  const r = await sendMove(chain, clients, game.gameId, move);
  if (!r.ok) {
    liar.reverts.push(r.error.errorName ?? 'unknown revert');
    goSilent();
    return false;
  }
  const receipt = await chain.deployer.public.getTransactionReceipt({ hash: r.hash });
  const block = await chain.deployer.public.getBlock({ blockNumber: receipt.blockNumber });
  // The move passed the turn, so the liar's clock is stopped: its time used up to this move.
  const g = await gameOf(chain, game.gameId);
  liar.moves.push({ kind: move.kind, timestamp: block.timestamp, used: liar.side === 'worker' ? g.workerUsed : g.challengerUsed, budget: game.budget });
  return true;
}

export type PlayOutReturnType = { game: GetGameReturnType; rounds: number; honestMoves: number };

/**
 * Plays one game to its end: the liar moves on its turns; when it will not, chain time passes
 * its deadline; the honest node ticks otherwise (and once more at the end, to record the
 * outcome). Fails if the honest node has its turn and makes no progress. `afterHonestMove`
 * runs after each of the honest node's moves (e.g. to restart it).
 */
export async function playOut(chain: Chain, honest: HonestNode, liar: Liar, gameId: bigint, afterHonestMove?: (moves: number) => void): Promise<PlayOutReturnType> {
  let honestMoves = 0;
  for (let round = 0; round < 100; round++) {
    const g = await gameOf(chain, gameId);
    if (g.status !== 'in-progress') {
      await honest.tick();
      return { game: g, rounds: round, honestMoves };
    }
    if (g.turn === liar.side) {
      if (await liar.act(g)) continue;
      // The liar will not move: let its clock run out.
      const used = liar.side === 'worker' ? g.workerUsed : g.challengerUsed;
      await passTime(chain, Math.max(1, Number(g.budget - used) + 1));
    }
    await honest.tick();
    const after = await gameOf(chain, gameId);
    if (after.moves > g.moves) afterHonestMove?.(++honestMoves);
    if (after.status === 'in-progress' && after.turn !== liar.side && after.moves === g.moves) {
      throw new Error(`game ${gameId}: the honest party made no progress in ${after.phase}: ${JSON.stringify(honest.failures(), (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
    }
  }
  throw new Error(`game ${gameId} did not end in 100 rounds`);
}
