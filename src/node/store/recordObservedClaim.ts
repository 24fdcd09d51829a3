import type { Address, Hex } from 'viem';
import { StoreNotFoundError, StoreStateError } from './errors.ts';
import type { Store } from './types.ts';

export type RecordObservedClaimParameters = { taskId: bigint; worker: Address; outputHash: Hex; traceRoot: Hex; txHash?: Hex; windowEnd: number };

/**
 * Records another worker's claim read from the chain (TaskClaimed), which a challenger may
 * dispute until `windowEnd`. Idempotent; also used to move the window after a won dispute.
 */
export function recordObservedClaim(store: Store, p: RecordObservedClaimParameters): void {
  const { db } = store;
  const id = p.taskId.toString();
  db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM tasks WHERE task_id = ?').get(id)) throw new StoreNotFoundError(`Task ${id}`, 'Record the task (recordTask) first.');
    const existing = db.prepare('SELECT ours, output_hash FROM claims WHERE task_id = ?').get(id) as { ours: number; output_hash: string } | undefined;
    if (existing && (existing.ours === 1 || existing.output_hash !== p.outputHash)) {
      throw new StoreStateError(`Task ${id} already has a different claim recorded.`, 'One task has one claim on chain; re-read TaskClaimed from the chain this database belongs to.');
    }
    const now = store.now();
    db.prepare(`INSERT INTO claims (task_id, worker, output_hash, trace_root, ours, tx_hash, status, window_end, created_at, updated_at)
      VALUES (?, ?, ?, ?, 0, ?, 'confirmed', ?, ?, ?)
      ON CONFLICT (task_id) DO UPDATE SET window_end = excluded.window_end, updated_at = excluded.updated_at`)
      .run(id, p.worker, p.outputHash, p.traceRoot, p.txHash ?? null, p.windowEnd, now, now);
    db.prepare("UPDATE tasks SET status = 'claimed', updated_at = ? WHERE task_id = ? AND status = 'open'").run(now, id);
  }).immediate();
}
