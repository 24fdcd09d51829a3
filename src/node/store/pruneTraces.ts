import type { Store } from './types.ts';

/**
 * Deletes the stored traces of settled tasks (finalized, rejected or cancelled: no dispute can
 * reach them any more) and returns how many traces went. Traces of every other task stay.
 */
export function pruneTraces(store: Store): number {
  const { db } = store;
  const settled = "SELECT task_id FROM tasks WHERE status IN ('finalized', 'rejected', 'cancelled')";
  return db.transaction(() => {
    db.prepare(`DELETE FROM trace_tensors WHERE task_id IN (${settled})`).run();
    return db.prepare(`DELETE FROM traces WHERE task_id IN (${settled})`).run().changes;
  }).immediate();
}
