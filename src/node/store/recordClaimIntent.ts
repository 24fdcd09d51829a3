import type { Address, Hex } from 'viem';
import { StoreNotFoundError, StoreStateError } from './errors.ts';
import { getTx } from './getTx.ts';
import { recordTxIntent } from './recordTxIntent.ts';
import { toClaim } from './rows.ts';
import type { ClaimRecord, Store, TxPayload, TxRecord } from './types.ts';

export type RecordClaimIntentParameters = { taskId: bigint; worker: Address; outputHash: Hex; traceRoot: Hex; payload: TxPayload };
export type RecordClaimIntentReturnType = { claim: ClaimRecord; tx: TxRecord };

/**
 * Records, in one transaction, that this node is about to claim a task: the claim row and its
 * outbox intent (kind 'claim'). Call it before signing; then markClaimSent, markClaimConfirmed.
 * A failed earlier claim of the task is replaced; any other existing claim is refused.
 */
export function recordClaimIntent(store: Store, p: RecordClaimIntentParameters): RecordClaimIntentReturnType {
  const { db } = store;
  const id = p.taskId.toString();
  return db.transaction(() => {
    const task = db.prepare('SELECT role, status FROM tasks WHERE task_id = ?').get(id) as { role: string; status: string } | undefined;
    if (!task) throw new StoreNotFoundError(`Task ${id}`, 'Record the task (recordTask) before claiming it.');
    if (task.role !== 'worker') throw new StoreStateError(`Task ${id} is recorded with role ${task.role}; only a worker claims.`);
    const trace = db.prepare('SELECT trace_root, output_hash FROM traces WHERE task_id = ?').get(id) as { trace_root: string; output_hash: string } | undefined;
    // INVARIANT: Never claim what cannot be defended: the trace behind the claim is stored first.
    if (!trace || trace.trace_root !== p.traceRoot || trace.output_hash !== p.outputHash) {
      throw new StoreStateError(`Task ${id} has no stored trace with root ${p.traceRoot} and output ${p.outputHash}.`, 'Save the trace (saveTrace) before recording the claim: without it a dispute cannot be answered and the stake is lost.');
    }
    const existing = db.prepare('SELECT status FROM claims WHERE task_id = ?').get(id) as { status: string } | undefined;
    if (existing && existing.status !== 'failed') throw new StoreStateError(`Task ${id} already has a claim (${existing.status}).`, 'Resume it from pendingTransactions instead of claiming again.');
    const tx = recordTxIntent(store, { kind: 'claim', taskId: p.taskId, payload: p.payload });
    const now = store.now();
    db.prepare('DELETE FROM claims WHERE task_id = ?').run(id);
    db.prepare(`INSERT INTO claims (task_id, worker, output_hash, trace_root, ours, tx_id, status, created_at, updated_at)
      VALUES (?, ?, ?, ?, 1, ?, 'intent', ?, ?)`).run(id, p.worker, p.outputHash, p.traceRoot, tx.id, now, now);
    return { claim: toClaim(db.prepare('SELECT * FROM claims WHERE task_id = ?').get(id) as object), tx: getTx(store, tx.id)! };
  }).immediate();
}
