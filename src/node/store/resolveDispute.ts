import type { Hex } from 'viem';
import { StoreNotFoundError } from './errors.ts';
import { markTxConfirmed } from './markTxConfirmed.ts';
import type { Party, Store } from './types.ts';

export type ResolveDisputeParameters = {
  gameId: bigint;
  winner: Party;
  /** When the worker won: the task's new challenge window end (the window restarts). */
  windowEnd?: number;
  /** Our own step or resolveTimeout transaction, confirmed in the same step. */
  tx?: { txId: number; hash: Hex; blockNumber: number };
};

/**
 * Records a game's end (GameResolved): won or lost from our side, the task back to Claimed
 * with a new window (worker won) or Rejected (challenger won). Idempotent.
 */
export function resolveDispute(store: Store, p: ResolveDisputeParameters): void {
  const { db } = store;
  const gameId = p.gameId.toString();
  db.transaction(() => {
    const g = db.prepare('SELECT task_id, our_side, status FROM disputes WHERE game_id = ?').get(gameId) as { task_id: string; our_side: Party; status: string } | undefined;
    if (!g) throw new StoreNotFoundError(`Dispute game ${gameId}`);
    if (p.tx) markTxConfirmed(store, p.tx);
    // A replayed GameResolved must not move a task that has settled since.
    if (g.status !== 'open') return;
    const now = store.now();
    db.prepare('UPDATE disputes SET status = ?, updated_at = ? WHERE game_id = ?').run(p.winner === g.our_side ? 'won' : 'lost', now, gameId);
    db.prepare('UPDATE tasks SET status = ?, updated_at = ? WHERE task_id = ?').run(p.winner === 'worker' ? 'claimed' : 'rejected', now, g.task_id);
    if (p.winner === 'worker' && p.windowEnd !== undefined) {
      db.prepare('UPDATE claims SET window_end = ?, updated_at = ? WHERE task_id = ?').run(p.windowEnd, now, g.task_id);
    }
  }).immediate();
}
