import type { Address, Hex } from 'viem';
import { StoreStateError } from './errors.ts';
import { toTask } from './rows.ts';
import type { Store, TaskRecord, TaskRole, TaskStatus } from './types.ts';

export type RecordTaskParameters = {
  taskId: bigint;
  modelId: Hex;
  inputsHash: Hex;
  role: TaskRole;
  claimDeadline: number;
  status?: TaskStatus;
  requester?: Address;
  fee?: bigint;
};

/**
 * Records a task this node takes part in (from its TaskCreated event or a request). Recording
 * the same task again is a no-op, so a node replaying events after a restart is safe; the same
 * id with another model, inputs or role is refused.
 */
export function recordTask(store: Store, p: RecordTaskParameters): TaskRecord {
  const { db } = store;
  return db.transaction(() => {
    const id = p.taskId.toString();
    const existing = db.prepare('SELECT * FROM tasks WHERE task_id = ?').get(id);
    if (existing) {
      const t = toTask(existing);
      if (t.modelId !== p.modelId || t.inputsHash !== p.inputsHash || t.role !== p.role || t.claimDeadline !== p.claimDeadline) {
        throw new StoreStateError(`Task ${id} is already recorded with other terms.`, `Stored: model ${t.modelId}, inputs ${t.inputsHash}, role ${t.role}, deadline ${t.claimDeadline}. A task id names one task on one chain: check the node is on the chain its database belongs to.`);
      }
      return t;
    }
    const now = store.now();
    db.prepare(`INSERT INTO tasks (task_id, model_id, inputs_hash, role, status, requester, fee, claim_deadline, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, p.modelId, p.inputsHash, p.role, p.status ?? 'open', p.requester ?? null,
      p.fee?.toString() ?? null, p.claimDeadline, now, now);
    return toTask(db.prepare('SELECT * FROM tasks WHERE task_id = ?').get(id) as object);
  }).immediate();
}
