import { StoreNotFoundError } from './errors.ts';
import type { Store, TaskStatus } from './types.ts';

/** Records the task's status as read from the chain (TaskFinalized, TaskCancelled...). */
export function setTaskStatus(store: Store, taskId: bigint, status: TaskStatus): void {
  const r = store.db.prepare('UPDATE tasks SET status = ?, updated_at = ? WHERE task_id = ?').run(status, store.now(), taskId.toString());
  if (r.changes === 0) throw new StoreNotFoundError(`Task ${taskId}`, 'Record it with recordTask first.');
}
