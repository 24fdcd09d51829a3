import { StoreNotFoundError, StoreStateError } from './errors.ts';
import type { Store } from './types.ts';

export type MarkTxFailedParameters = { txId: number; error: string };

/**
 * Records that an outbox transaction will never take effect (reverted, its nonce used by
 * another transaction, or abandoned before sending), and fails a claim sent by it. The
 * (kind, subject) is then free for a new intent.
 */
export function markTxFailed(store: Store, { txId, error }: MarkTxFailedParameters): void {
  const { db } = store;
  db.transaction(() => {
    const row = db.prepare('SELECT status FROM outbox WHERE id = ?').get(txId) as { status: string } | undefined;
    if (!row) throw new StoreNotFoundError(`Outbox transaction ${txId}`);
    if (row.status === 'failed') return;
    if (row.status === 'confirmed') throw new StoreStateError(`Outbox transaction ${txId} is confirmed; it cannot fail.`, 'A reorg that drops a confirmed transaction needs more confirmations, not a rewrite of the outbox.');
    const now = store.now();
    db.prepare(`UPDATE outbox SET status = 'failed', error = ?, updated_at = ? WHERE id = ?`).run(error, now, txId);
    db.prepare(`UPDATE claims SET status = 'failed', updated_at = ? WHERE tx_id = ?`).run(now, txId);
  }).immediate();
}
