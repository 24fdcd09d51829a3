import { StoreNotFoundError, StoreStateError } from './errors.ts';
import type { Store, TxSubmission } from './types.ts';

export type MarkTxSubmittedParameters = { txId: number; submission: Omit<TxSubmission, 'submittedAt'> & { submittedAt?: number } };

/**
 * Records one signed submission of an outbox transaction (sendTransaction's onSubmitted: the
 * first broadcast and every fee bump), and a claim sent by it. Recording the same hash twice is
 * a no-op.
 */
export function markTxSubmitted(store: Store, { txId, submission: s }: MarkTxSubmittedParameters): void {
  const { db } = store;
  db.transaction(() => {
    const row = db.prepare('SELECT status, nonce FROM outbox WHERE id = ?').get(txId) as { status: string; nonce: number | null } | undefined;
    if (!row) throw new StoreNotFoundError(`Outbox transaction ${txId}`);
    if (row.status !== 'intent' && row.status !== 'submitted') {
      throw new StoreStateError(`Outbox transaction ${txId} is ${row.status}; a submission can no longer be recorded.`, `Submission ${s.hash} (nonce ${s.nonce}) arrived after the transaction was settled.`);
    }
    // INVARIANT: Fee bumps replace a transaction at the same nonce; another nonce would be a second transaction.
    if (row.nonce !== null && row.nonce !== s.nonce) {
      throw new StoreStateError(`Outbox transaction ${txId} was submitted at nonce ${row.nonce}, not ${s.nonce}.`, 'A resubmission must reuse the nonce, or the same effect could be mined twice.');
    }
    const at = s.submittedAt ?? store.now();
    db.prepare(`INSERT OR IGNORE INTO outbox_submissions (hash, outbox_id, nonce, attempt, max_fee_per_gas, max_priority_fee_per_gas, submitted_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(s.hash, txId, s.nonce, s.attempt, s.maxFeePerGas.toString(), s.maxPriorityFeePerGas.toString(), at);
    db.prepare(`UPDATE outbox SET status = 'submitted', nonce = ?, tx_hash = ?, submitted_at = ?, max_fee_per_gas = ?, updated_at = ? WHERE id = ?`)
      .run(s.nonce, s.hash, at, s.maxFeePerGas.toString(), store.now(), txId);
    db.prepare(`UPDATE claims SET status = 'sent', tx_hash = ?, updated_at = ? WHERE tx_id = ? AND status IN ('intent', 'sent')`).run(s.hash, store.now(), txId);
  }).immediate();
}
