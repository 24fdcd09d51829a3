import type { QuorumSeatView, QuorumStatus, QuorumTaskListView, QuorumTaskView } from '../../api/types.ts';
import type { IndexDb } from '../openIndexDb.ts';
import { compact, canonicalName } from './rows.ts';

export type ListQuorumTasksParameters = { status?: QuorumStatus; limit?: number; before?: number; member?: string };

type QuorumTaskRow = {
  task_id: number; requester: `0x${string}`; canon_id: `0x${string}`; model_id: `0x${string}`; fee: string; size: number; status: QuorumStatus;
  created_at: number; created_block: number; draw_block: number; input: `0x${string}` | null; seed: `0x${string}` | null; drawn_at: number | null;
  commit_deadline: number | null; reveal_deadline: number | null; pool_size: number | null; result: `0x${string}` | null; majority: number | null;
  share: string | null; slashed: string | null; settled_at: number | null; kind: number | null; decimals: number | null; escalated_from: number | null;
};

type SeatRow = {
  seat: number; member: `0x${string}`; phase: QuorumSeatView['phase']; commitment: `0x${string}` | null; committed_at: number | null;
  result_hash: `0x${string}` | null; revealed_at: number | null; outcome: QuorumSeatView['outcome'] | null; slashed: string | null;
  agent_id: number | null; request_hash: `0x${string}` | null; validation_response: number | null;
};

const SELECT = `SELECT q.*, c.kind, c.decimals, (SELECT s.task_id FROM samples s WHERE s.escalated_to = 'quorum' AND s.escalation = q.task_id) AS escalated_from
  FROM quorum_tasks q LEFT JOIN canonicalisations c ON c.canon_id = q.canon_id`;

/** QuorumTasks tasks, newest first, each with its committee; `before` is the previous page's `next`. */
export function listQuorumTasks(index: IndexDb, p: ListQuorumTasksParameters = {}): QuorumTaskListView {
  const limit = Math.min(500, Math.max(1, Math.floor(p.limit ?? 50)));
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (p.status) (where.push('q.status = ?'), args.push(p.status));
  if (p.before !== undefined) (where.push('q.task_id < ?'), args.push(p.before));
  if (p.member) (where.push('q.task_id IN (SELECT task_id FROM quorum_seats WHERE member = ?)'), args.push(p.member));
  const rows = index.db.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY q.task_id DESC LIMIT ?`).all(...args, limit + 1) as QuorumTaskRow[];
  const page = rows.slice(0, limit);
  const view: QuorumTaskListView = { tasks: page.map((r) => toQuorumTaskView(index, r)) };
  if (rows.length > limit) view.next = String(page[page.length - 1].task_id);
  return view;
}

/** One quorum task with its committee, or undefined. */
export function getQuorumTaskView(index: IndexDb, taskId: number): QuorumTaskView | undefined {
  const row = index.db.prepare(`${SELECT} WHERE q.task_id = ?`).get(taskId) as QuorumTaskRow | undefined;
  return row ? toQuorumTaskView(index, row) : undefined;
}

/** The declared rule by its chain code (docs/quorum-canonical.md): exact, top1, round:<k>, text. */
function canonicalisationName(kind: number | null, decimals: number | null): string | undefined {
  return kind === null ? undefined : canonicalName((kind << 8) | (decimals ?? 0));
}

function toQuorumTaskView(index: IndexDb, r: QuorumTaskRow): QuorumTaskView {
  const seats = index.db.prepare('SELECT * FROM quorum_seats WHERE task_id = ? ORDER BY seat').all(r.task_id) as SeatRow[];
  const committee = seats.map((s) =>
    compact({
      seat: s.seat,
      member: s.member,
      phase: s.phase,
      commitment: s.commitment ?? undefined,
      committedAt: s.committed_at ?? undefined,
      resultHash: s.result_hash ?? undefined,
      revealedAt: s.revealed_at ?? undefined,
      outcome: s.outcome ?? undefined,
      slashed: s.slashed ?? undefined,
      validation:
        s.agent_id !== null && s.request_hash
          ? compact({ agentId: String(s.agent_id), requestHash: s.request_hash, response: s.validation_response ?? undefined })
          : undefined,
    }) as QuorumSeatView,
  );
  return compact({
    taskId: String(r.task_id),
    requester: r.requester,
    modelId: r.model_id,
    canonId: r.canon_id,
    canonicalisation: canonicalisationName(r.kind, r.decimals),
    fee: r.fee,
    size: r.size,
    status: r.status,
    createdAt: r.created_at,
    createdBlock: r.created_block,
    drawBlock: r.draw_block,
    input: r.input ?? undefined,
    seed: r.seed ?? undefined,
    drawnAt: r.drawn_at ?? undefined,
    commitDeadline: r.commit_deadline ?? undefined,
    revealDeadline: r.reveal_deadline ?? undefined,
    committed: seats.filter((s) => s.phase !== 'drawn').length,
    revealed: seats.filter((s) => s.phase === 'revealed').length,
    committee,
    result: r.result ?? undefined,
    majority: r.majority ?? undefined,
    share: r.share ?? undefined,
    slashed: r.slashed ?? undefined,
    poolSize: r.pool_size ?? undefined,
    settledAt: r.settled_at ?? undefined,
    escalatedFrom: r.escalated_from === null ? undefined : String(r.escalated_from),
  }) as QuorumTaskView;
}
