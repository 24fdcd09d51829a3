import type { Hex } from 'viem';
import { StoreNotFoundError, StoreStateError } from './errors.ts';
import type { Store, TraceTensor } from './types.ts';

export type SaveTraceParameters = { taskId: bigint; traceRoot: Hex; outputHash: Hex; tensors: readonly TraceTensor[] };

/**
 * Stores this node's execution trace of a task (every tensor, in trace order, with its tensor
 * hash) in one transaction: all of it or none. Saving the same root again is a no-op; a
 * different trace is refused once a claim of ours rests on the stored one.
 */
export function saveTrace(store: Store, p: SaveTraceParameters): void {
  const { db } = store;
  const id = p.taskId.toString();
  db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM tasks WHERE task_id = ?').get(id)) throw new StoreNotFoundError(`Task ${id}`, 'Record the task (recordTask) before its trace.');
    const stored = db.prepare('SELECT trace_root FROM traces WHERE task_id = ?').get(id) as { trace_root: string } | undefined;
    if (stored?.trace_root === p.traceRoot) return;
    if (stored) {
      // INVARIANT: The trace a claim was made from stays: it is the only way to defend the claim.
      if (db.prepare('SELECT 1 FROM claims WHERE task_id = ? AND ours = 1').get(id)) {
        throw new StoreStateError(`Task ${id} already has a claim from trace ${stored.trace_root}; trace ${p.traceRoot} cannot replace it.`, 'Deterministic inference gives one trace per task: a different root means the runtime or model changed.');
      }
      db.prepare('DELETE FROM trace_tensors WHERE task_id = ?').run(id);
      db.prepare('DELETE FROM traces WHERE task_id = ?').run(id);
    }
    db.prepare('INSERT INTO traces (task_id, trace_root, output_hash, tensor_count, created_at) VALUES (?, ?, ?, ?, ?)').run(id, p.traceRoot, p.outputHash, p.tensors.length, store.now());
    const put = db.prepare('INSERT INTO trace_tensors (task_id, position, tensor_hash, dtype, shape, data) VALUES (?, ?, ?, ?, ?, ?)');
    p.tensors.forEach((t, i) => put.run(id, i, t.hash, t.dtype, JSON.stringify(t.shape), Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)));
  }).immediate();
}
