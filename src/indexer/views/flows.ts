import type { FlowListView, FlowView } from '../../api/types.ts';
import type { IndexDb } from '../openIndexDb.ts';
import { compact } from './rows.ts';

export type ListFlowsParameters = { taskId?: number; gameId?: number; quorumTaskId?: number; kind?: FlowView['kind']; limit?: number; before?: number };

/** Token flows, newest first, with all-time totals per kind. */
export function listFlows(index: IndexDb, p: ListFlowsParameters = {}): FlowListView {
  const limit = Math.min(1000, Math.max(1, Math.floor(p.limit ?? 100)));
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (p.taskId !== undefined) (where.push('task_id = ?'), args.push(p.taskId));
  if (p.gameId !== undefined) (where.push('game_id = ?'), args.push(p.gameId));
  if (p.quorumTaskId !== undefined) (where.push('quorum_task_id = ?'), args.push(p.quorumTaskId));
  if (p.kind) (where.push('kind = ?'), args.push(p.kind));
  if (p.before !== undefined) (where.push('id < ?'), args.push(p.before));
  const rows = index.db.prepare(`SELECT * FROM flows ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`).all(...args, limit + 1) as {
    id: number; kind: FlowView['kind']; sender: `0x${string}` | null; receiver: `0x${string}` | null; amount: string; task_id: number | null; game_id: number | null; quorum_task_id: number | null;
    block: number; time: number; tx_hash: `0x${string}`;
  }[];
  const totals: FlowListView['totals'] = {};
  for (const r of index.db.prepare('SELECT kind, amount FROM flows').all() as { kind: FlowView['kind']; amount: string }[]) {
    totals[r.kind] = (BigInt(totals[r.kind] ?? '0') + BigInt(r.amount)).toString();
  }
  const page = rows.slice(0, limit);
  const view: FlowListView = {
    flows: page.map((r) =>
      compact({
        id: r.id,
        kind: r.kind,
        from: r.sender ?? undefined,
        to: r.receiver ?? undefined,
        amount: r.amount,
        taskId: r.task_id === null ? undefined : String(r.task_id),
        gameId: r.game_id === null ? undefined : String(r.game_id),
        quorumTaskId: r.quorum_task_id === null ? undefined : String(r.quorum_task_id),
        block: r.block,
        time: r.time,
        txHash: r.tx_hash,
      }) as FlowView,
    ),
    totals,
  };
  if (rows.length > limit) view.next = String(page[page.length - 1].id);
  return view;
}
