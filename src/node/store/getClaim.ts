import { toClaim } from './rows.ts';
import type { ClaimRecord, Store } from './types.ts';

/** The recorded claim on a task (ours or observed), or undefined. */
export function getClaim(store: Store, taskId: bigint): ClaimRecord | undefined {
  const row = store.db.prepare('SELECT * FROM claims WHERE task_id = ?').get(taskId.toString());
  return row ? toClaim(row) : undefined;
}
