import type { Hex } from 'viem';
import { StoreNotFoundError, StoreStateError } from './errors.ts';
import { markTxConfirmed } from './markTxConfirmed.ts';
import type { DisputePhase, Party, Store } from './types.ts';

export type RecordDisputeMoveParameters = {
  gameId: bigint;
  party: Party;
  /** The two child hashes revealed at the current position (bisection moves). */
  left?: Hex;
  right?: Hex;
  /** Other revealed data (tensor root and descriptor, leaf bytes, element index), encoded by the caller. */
  data?: Uint8Array;
  /** The game as the chain has it after the move. */
  next: { phase: DisputePhase; turn: Party; level: number; index: bigint; traceIndex?: number; ourDeadline: number; theirDeadline: number };
  /** Our own move's transaction, confirmed in the same step. */
  tx?: { txId: number; hash: Hex; blockNumber: number };
  /** The opponent's move's transaction (from its event). */
  txHash?: Hex;
};

/**
 * Appends one move (ours or the opponent's) at the game's current position and phase, and
 * moves the game to `next`, in one transaction: a move is never stored without the game state
 * that follows from it. Returns the move's sequence number (1-based).
 */
export function recordDisputeMove(store: Store, p: RecordDisputeMoveParameters): number {
  const { db } = store;
  const gameId = p.gameId.toString();
  return db.transaction(() => {
    const g = db.prepare('SELECT status, phase, level, position_index, moves FROM disputes WHERE game_id = ?').get(gameId) as
      | { status: string; phase: string; level: number; position_index: string; moves: number }
      | undefined;
    if (!g) throw new StoreNotFoundError(`Dispute game ${gameId}`, 'Record the game (recordDispute) before its moves.');
    if (g.status !== 'open') throw new StoreStateError(`Dispute game ${gameId} is ${g.status}; no more moves can be recorded.`);
    if (p.tx) markTxConfirmed(store, p.tx);
    const seq = g.moves + 1;
    const now = store.now();
    db.prepare(`INSERT INTO dispute_moves (game_id, seq, party, phase, level, position_index, left_hash, right_hash, data, tx_id, tx_hash, recorded_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(gameId, seq, p.party, g.phase, g.level, g.position_index, p.left ?? null, p.right ?? null,
      p.data ? Buffer.from(p.data) : null, p.tx?.txId ?? null, p.tx?.hash ?? p.txHash ?? null, now);
    const n = p.next;
    db.prepare(`UPDATE disputes SET phase = ?, turn = ?, level = ?, position_index = ?, trace_index = COALESCE(?, trace_index), moves = ?,
      our_deadline = ?, their_deadline = ?, updated_at = ? WHERE game_id = ?`)
      .run(n.phase, n.turn, n.level, n.index.toString(), n.traceIndex ?? null, seq, n.ourDeadline, n.theirDeadline, now, gameId);
    return seq;
  }).immediate();
}
