import type { Hex } from 'viem';
import { claimTxId } from './claimTxId.ts';
import { markTxConfirmed } from './markTxConfirmed.ts';
import type { Store } from './types.ts';

export type MarkClaimConfirmedParameters = { taskId: bigint; hash: Hex; blockNumber: number; windowEnd: number };

/**
 * Records that this node's claim was mined: the outbox row confirmed, the claim confirmed with
 * its challenge window's end (claim block time + the snapshot's challengeWindow), the task
 * Claimed. All in one transaction.
 */
export function markClaimConfirmed(store: Store, { taskId, hash, blockNumber, windowEnd }: MarkClaimConfirmedParameters): void {
  const { db } = store;
  db.transaction(() => {
    markTxConfirmed(store, { txId: claimTxId(store, taskId), hash, blockNumber });
    const now = store.now();
    db.prepare('UPDATE claims SET window_end = ?, updated_at = ? WHERE task_id = ?').run(windowEnd, now, taskId.toString());
    db.prepare("UPDATE tasks SET status = 'claimed', updated_at = ? WHERE task_id = ? AND status = 'open'").run(now, taskId.toString());
  }).immediate();
}
