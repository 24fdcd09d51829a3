import type { Address, Hex } from 'viem';
import { StoreNotFoundError, StoreStateError } from './errors.ts';
import { markTxConfirmed } from './markTxConfirmed.ts';
import type { Party, Store } from './types.ts';

export type RecordDisputeParameters = {
  gameId: bigint;
  taskId: bigint;
  ourSide: Party;
  opponent: Address;
  /** When each party loses on time, from clockOf (the worker moves first). */
  ourDeadline: number;
  theirDeadline: number;
  openedAt: number;
  /** Our own open() transaction, confirmed in the same step. */
  tx?: { txId: number; hash: Hex; blockNumber: number };
};

/**
 * Records a dispute game this node plays (GameOpened): it starts at the trace root, worker to
 * move, and the task becomes Disputed. Recording the same game again is a no-op.
 */
export function recordDispute(store: Store, p: RecordDisputeParameters): void {
  const { db } = store;
  const gameId = p.gameId.toString();
  const taskId = p.taskId.toString();
  db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM tasks WHERE task_id = ?').get(taskId)) throw new StoreNotFoundError(`Task ${taskId}`, 'Record the task (recordTask) before its dispute.');
    const existing = db.prepare('SELECT task_id FROM disputes WHERE game_id = ?').get(gameId) as { task_id: string } | undefined;
    if (existing && existing.task_id !== taskId) throw new StoreStateError(`Game ${gameId} is recorded for task ${existing.task_id}, not ${taskId}.`);
    if (p.tx) markTxConfirmed(store, p.tx);
    if (existing) return;
    const now = store.now();
    db.prepare(`INSERT INTO disputes (game_id, task_id, our_side, opponent, phase, turn, level, position_index, moves, our_deadline, their_deadline, status, opened_at, updated_at)
      VALUES (?, ?, ?, ?, 'trace-bisection', 'worker', 0, '0', 0, ?, ?, 'open', ?, ?)`)
      .run(gameId, taskId, p.ourSide, p.opponent, p.ourDeadline, p.theirDeadline, p.openedAt, now);
    db.prepare("UPDATE tasks SET status = 'disputed', updated_at = ? WHERE task_id = ?").run(now, taskId);
  }).immediate();
}
