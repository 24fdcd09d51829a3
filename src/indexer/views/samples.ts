import type { SampleListView, SampleStatus, SampleView, TaskStatus } from '../../api/types.ts';
import type { IndexDb } from '../openIndexDb.ts';
import { compact } from './rows.ts';

export type ListSamplesParameters = { status?: SampleStatus; limit?: number; before?: number; verifier?: string };

type SampleRow = {
  task_id: number; requester: `0x${string}`; worker: `0x${string}`; status: SampleStatus; requested_at: number; draw_block: number; drawn_at: number | null;
  verifier: `0x${string}` | null; deadline: number | null; answered_at: number | null; escalated_to: 'dispute' | 'quorum' | null; escalation: number | null;
  slashed: string | null; closed_at: number | null; quorum_result: `0x${string}` | null; claim_rejected: number | null; task_status: TaskStatus | null; game_status: string | null; quorum_status: string | null;
};

// The escalation's own outcome (the dispute game's status, or the quorum task's) and the Tasks
// claim's: SamplingCoordinator records no verdict of its own.
const SELECT = `SELECT s.*, t.status AS task_status, g.status AS game_status, q.status AS quorum_status FROM samples s
  LEFT JOIN tasks t ON t.task_id = s.task_id
  LEFT JOIN games g ON s.escalated_to = 'dispute' AND g.game_id = s.escalation
  LEFT JOIN quorum_tasks q ON s.escalated_to = 'quorum' AND q.task_id = s.escalation`;

/** Samples, newest task first; `before` is the previous page's `next` (a Tasks task id). */
export function listSamples(index: IndexDb, p: ListSamplesParameters = {}): SampleListView {
  const limit = Math.min(500, Math.max(1, Math.floor(p.limit ?? 50)));
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (p.status) (where.push('s.status = ?'), args.push(p.status));
  if (p.before !== undefined) (where.push('s.task_id < ?'), args.push(p.before));
  if (p.verifier) (where.push('s.verifier = ?'), args.push(p.verifier));
  const rows = index.db.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.task_id DESC LIMIT ?`).all(...args, limit + 1) as SampleRow[];
  const page = rows.slice(0, limit);
  const view: SampleListView = { samples: page.map(toSampleView) };
  if (rows.length > limit) view.next = String(page[page.length - 1].task_id);
  return view;
}

/** The sample of Tasks task `taskId`, or undefined when none was requested. */
export function getSampleView(index: IndexDb, taskId: number): SampleView | undefined {
  const row = index.db.prepare(`${SELECT} WHERE s.task_id = ?`).get(taskId) as SampleRow | undefined;
  return row ? toSampleView(row) : undefined;
}

function toSampleView(r: SampleRow): SampleView {
  const answer =
    r.status === 'agreed' || r.status === 'cleared' || r.status === 'slashed' ? 'agree'
    : r.status === 'escalated' || r.status === 'upheld' || r.status === 'overturned' ? 'escalate'
    : r.status === 'missed' ? 'none'
    : undefined;
  return compact({
    taskId: String(r.task_id),
    requester: r.requester,
    worker: r.worker,
    status: r.status,
    requestedAt: r.requested_at,
    drawBlock: r.draw_block,
    sampled: r.status === 'requested' ? undefined : r.status !== 'not-sampled',
    drawnAt: r.drawn_at ?? undefined,
    verifier: r.verifier ?? undefined,
    deadline: r.deadline ?? undefined,
    answer,
    answeredAt: r.answered_at ?? undefined,
    escalation:
      r.escalated_to && r.escalation !== null
        ? compact({
            to: r.escalated_to,
            id: String(r.escalation),
            status: (r.escalated_to === 'dispute' ? r.game_status : r.quorum_status) ?? undefined,
            claimRejected: r.claim_rejected === null ? undefined : r.claim_rejected === 1,
            quorumResult: r.quorum_result ?? undefined,
          })
        : undefined,
    slashed: r.slashed ?? undefined,
    closedAt: r.closed_at ?? undefined,
    taskStatus: r.task_status ?? undefined,
  }) as SampleView;
}
