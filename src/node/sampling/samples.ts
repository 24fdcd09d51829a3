import type { Store } from '../store/types.ts';

export type SampleRowStatus = 'requested' | 'drawn' | 'assigned' | 'agreed' | 'escalated' | 'closed' | 'missed';
export type SampleRow = { taskId: bigint; drawBlock: number; status: SampleRowStatus; deadline?: number; escalation?: bigint };

type Row = { task_id: string; draw_block: number; status: SampleRowStatus; deadline: number | null; escalation: string | null };
const toSample = (r: Row): SampleRow => ({
  taskId: BigInt(r.task_id),
  drawBlock: r.draw_block,
  status: r.status,
  ...(r.deadline !== null ? { deadline: r.deadline } : {}),
  ...(r.escalation !== null ? { escalation: BigInt(r.escalation) } : {}),
});

/** A SampleRequested seen (idempotent; a reschedule moves the draw block while it is still requested). */
export function recordSample(store: Store, taskId: bigint, drawBlock: bigint): void {
  store.db
    .prepare(`INSERT INTO samples (task_id, draw_block, status, updated_at) VALUES (?, ?, 'requested', ?)
      ON CONFLICT (task_id) DO UPDATE SET draw_block = excluded.draw_block WHERE status = 'requested'`)
    .run(taskId.toString(), Number(drawBlock), store.now());
}

export function setSampleStatus(store: Store, taskId: bigint, status: SampleRowStatus, extra: { deadline?: number; escalation?: bigint } = {}): void {
  store.db
    .prepare('UPDATE samples SET status = ?, deadline = coalesce(?, deadline), escalation = coalesce(?, escalation), updated_at = ? WHERE task_id = ?')
    .run(status, extra.deadline ?? null, extra.escalation?.toString() ?? null, store.now(), taskId.toString());
}

export function samplesIn(store: Store, ...statuses: SampleRowStatus[]): SampleRow[] {
  const rows = store.db.prepare(`SELECT * FROM samples WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY CAST(task_id AS INTEGER)`).all(...statuses) as Row[];
  return rows.map(toSample);
}

export function getSampleRow(store: Store, taskId: bigint): SampleRow | undefined {
  const r = store.db.prepare('SELECT * FROM samples WHERE task_id = ?').get(taskId.toString()) as Row | undefined;
  return r && toSample(r);
}

/** Forgets a 'skipped' verdict (the challenger's own coin said no), so a drawn sample is re-executed for sure. */
export function clearSkippedVerification(store: Store, taskId: bigint): void {
  store.db.prepare("DELETE FROM verifications WHERE task_id = ? AND verdict = 'skipped'").run(taskId.toString());
}

