import { toTask } from './rows.ts';
import type { Store, TaskRecord } from './types.ts';

/** The recorded task, or undefined. */
export function getTask(store: Store, taskId: bigint): TaskRecord | undefined {
  const row = store.db.prepare('SELECT * FROM tasks WHERE task_id = ?').get(taskId.toString());
  return row ? toTask(row) : undefined;
}
