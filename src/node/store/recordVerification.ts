import type { Address, Hex } from 'viem';
import type { Store } from './types.ts';

export type Verdict = 'agree' | 'disagree' | 'skipped' | 'unavailable';

export type VerificationRecord = { taskId: bigint; worker: Address; verdict: Verdict; outputHash?: Hex; checkedAt: number };

/** Records what re-executing a claim showed (idempotent: the first verdict stays). */
export function recordVerification(store: Store, p: Omit<VerificationRecord, 'checkedAt'>): void {
  store.db
    .prepare('INSERT INTO verifications (task_id, worker, verdict, output_hash, checked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING')
    .run(p.taskId.toString(), p.worker, p.verdict, p.outputHash ?? null, store.now());
}

/** The verdict on a task's claim, if this node checked it. */
export function getVerification(store: Store, taskId: bigint): VerificationRecord | undefined {
  const r = store.db.prepare('SELECT * FROM verifications WHERE task_id = ?').get(taskId.toString()) as
    | { task_id: string; worker: Address; verdict: Verdict; output_hash: Hex | null; checked_at: number }
    | undefined;
  return r && { taskId: BigInt(r.task_id), worker: r.worker, verdict: r.verdict, ...(r.output_hash ? { outputHash: r.output_hash } : {}), checkedAt: r.checked_at };
}
