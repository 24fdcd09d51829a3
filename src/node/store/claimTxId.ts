import { StoreNotFoundError } from './errors.ts';
import type { Store } from './types.ts';

/** The outbox id behind this node's claim on a task. */
export function claimTxId(store: Store, taskId: bigint): number {
  const row = store.db.prepare('SELECT tx_id FROM claims WHERE task_id = ? AND ours = 1').get(taskId.toString()) as { tx_id: number } | undefined;
  if (!row) throw new StoreNotFoundError(`A claim of ours on task ${taskId}`, 'Record it with recordClaimIntent first.');
  return row.tx_id;
}
