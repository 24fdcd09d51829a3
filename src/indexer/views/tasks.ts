import type { ClaimView, TaskListView, TaskStatus, TaskView } from '../../api/types.ts';
import type { IndexDb } from '../openIndexDb.ts';
import { type TaskRow, compact, modelHints } from './rows.ts';
import { getSampleView } from './samples.ts';

const MODES = ['optimistic', 'quorum', 'sampled'] as const;
const SELECT = `SELECT t.*, s.challenge_window, n.label FROM tasks t LEFT JOIN snapshots s ON s.snapshot_id = t.snapshot_id LEFT JOIN task_notes n ON n.task_id = t.task_id`;

export type ListTasksParameters = { status?: TaskStatus; limit?: number; before?: number; worker?: string };

/** Tasks, newest first, `limit` per page (default 50, at most 500); `before` is the previous page's `next`. */
export function listTasks(index: IndexDb, p: ListTasksParameters = {}): TaskListView {
  const limit = Math.min(500, Math.max(1, Math.floor(p.limit ?? 50)));
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (p.status) (where.push('t.status = ?'), args.push(p.status));
  if (p.before !== undefined) (where.push('t.task_id < ?'), args.push(p.before));
  if (p.worker) (where.push('t.worker = ?'), args.push(p.worker));
  const rows = index.db.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.task_id DESC LIMIT ?`).all(...args, limit + 1) as TaskRow[];
  const page = rows.slice(0, limit);
  const hints = modelHints(index);
  const view: TaskListView = { tasks: page.map((r) => toTaskView(index, r, hints)) };
  if (rows.length > limit) view.next = String(page[page.length - 1].task_id);
  return view;
}

/**
 * Records what the chain does not say about a task (the worker's answer as a label, which the
 * requester learns over A2A); shown as `claim.label`. May come before the task is indexed.
 */
export function annotateTask(index: IndexDb, taskId: number | bigint | string, note: { label?: number }): void {
  const id = Number(BigInt(taskId));
  const label = note.label === undefined || !Number.isSafeInteger(note.label) ? null : note.label;
  index.db.prepare('INSERT INTO task_notes (task_id, label) VALUES (?, ?) ON CONFLICT (task_id) DO UPDATE SET label = excluded.label').run(id, label);
}

/** One task, or undefined when the index has no such task. */
export function getTaskView(index: IndexDb, taskId: number): TaskView | undefined {
  const row = index.db.prepare(`${SELECT} WHERE t.task_id = ?`).get(taskId) as TaskRow | undefined;
  return row ? toTaskView(index, row, modelHints(index)) : undefined;
}

function toTaskView(index: IndexDb, r: TaskRow, hints: ReturnType<typeof modelHints>): TaskView {
  let claim: ClaimView | undefined;
  if (r.worker && r.output_hash && r.trace_root && r.claimed_at !== null) {
    const agent = r.validation_agent_id ?? (index.db.prepare('SELECT agent_id FROM agents WHERE owner = ? ORDER BY agent_id LIMIT 1').get(r.worker) as { agent_id: number } | undefined)?.agent_id;
    claim = compact({
      worker: r.worker,
      workerAgentId: agent === undefined ? undefined : String(agent),
      outputHash: r.output_hash,
      traceRoot: r.trace_root,
      claimedAt: r.claimed_at,
      windowEnd: (r.window_start ?? r.claimed_at) + (r.challenge_window ?? 0),
      label: r.label ?? undefined,
    });
  }
  return compact({
    taskId: String(r.task_id),
    requester: r.requester,
    modelId: r.model_id,
    fee: r.fee,
    mode: MODES[r.mode] ?? 'optimistic',
    status: r.status as TaskStatus,
    createdAt: r.created_at,
    createdBlock: r.created_block,
    claimDeadline: r.claim_deadline,
    input: r.input ?? undefined,
    inputShape: r.input ? hints[r.model_id.toLowerCase()]?.inputShape : undefined,
    claim,
    gameId: r.game_id === null ? undefined : String(r.game_id),
    settledAt: r.settled_at ?? undefined,
    validation: r.validation_response !== null && r.request_hash ? { response: r.validation_response, requestHash: r.request_hash } : undefined,
    sample: getSampleView(index, r.task_id),
  }) as TaskView;
}
