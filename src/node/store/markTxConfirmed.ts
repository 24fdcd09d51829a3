import type { Hex } from 'viem';
import { StoreNotFoundError, StoreStateError } from './errors.ts';
import type { Store } from './types.ts';

export type MarkTxConfirmedParameters = { txId: number; hash: Hex; blockNumber: number };

/**
 * Records that one of the transaction's submissions was mined (with the node's confirmations)
 * and did not revert, and confirms a claim sent by it. Confirming again with the same hash is a
 * no-op.
 */
export function markTxConfirmed(store: Store, { txId, hash, blockNumber }: MarkTxConfirmedParameters): void {
  const { db } = store;
  db.transaction(() => {
    const row = db.prepare('SELECT status, tx_hash FROM outbox WHERE id = ?').get(txId) as { status: string; tx_hash: string | null } | undefined;
    if (!row) throw new StoreNotFoundError(`Outbox transaction ${txId}`);
    if (row.status === 'confirmed' && row.tx_hash === hash) return;
    if (row.status !== 'submitted') throw new StoreStateError(`Outbox transaction ${txId} is ${row.status}; only a submitted transaction can be confirmed.`, 'Record the submission (markTxSubmitted) with its hash first.');
    // INVARIANT: The mined hash is one this node signed for this intent.
    const known = db.prepare('SELECT 1 FROM outbox_submissions WHERE outbox_id = ? AND hash = ?').get(txId, hash);
    if (!known) throw new StoreStateError(`${hash} is not a submission of outbox transaction ${txId}.`, 'A transaction is confirmed by the hash of one of its own submissions.');
    const now = store.now();
    db.prepare(`UPDATE outbox SET status = 'confirmed', tx_hash = ?, block_number = ?, updated_at = ? WHERE id = ?`).run(hash, blockNumber, now, txId);
    db.prepare(`UPDATE claims SET status = 'confirmed', tx_hash = ?, updated_at = ? WHERE tx_id = ?`).run(hash, now, txId);
  }).immediate();
}
