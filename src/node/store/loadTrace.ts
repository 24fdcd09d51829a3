import type { Hex } from 'viem';
import type { Store, TraceRecord, TraceTensor } from './types.ts';

type TensorRow = { tensor_hash: Hex; dtype: string; shape: string; data: Buffer };
const toTensor = (r: TensorRow): TraceTensor => ({ hash: r.tensor_hash, dtype: r.dtype, shape: JSON.parse(r.shape), data: new Uint8Array(r.data) });

/**
 * The stored trace of a task, or undefined. With `position`, only that tensor is read (a
 * dispute needs one tensor at a time; large traces are not loaded whole).
 */
export function loadTrace(store: Store, taskId: bigint): TraceRecord | undefined;
export function loadTrace(store: Store, taskId: bigint, position: number): TraceTensor | undefined;
export function loadTrace(store: Store, taskId: bigint, position?: number): TraceRecord | TraceTensor | undefined {
  const { db } = store;
  const id = taskId.toString();
  if (position !== undefined) {
    const row = db.prepare('SELECT tensor_hash, dtype, shape, data FROM trace_tensors WHERE task_id = ? AND position = ?').get(id, position) as TensorRow | undefined;
    return row && toTensor(row);
  }
  return db.transaction(() => {
    const head = db.prepare('SELECT trace_root, output_hash FROM traces WHERE task_id = ?').get(id) as { trace_root: Hex; output_hash: Hex } | undefined;
    if (!head) return undefined;
    const rows = db.prepare('SELECT tensor_hash, dtype, shape, data FROM trace_tensors WHERE task_id = ? ORDER BY position').all(id) as TensorRow[];
    return { taskId, traceRoot: head.trace_root, outputHash: head.output_hash, tensors: rows.map(toTensor) };
  })();
}
