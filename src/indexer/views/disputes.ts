import type { DisputeMoveView, DisputeView } from '../../api/types.ts';
import type { IndexDb } from '../openIndexDb.ts';
import { type GameRow, type MoveRow, compact } from './rows.ts';

export type ListDisputesParameters = { status?: DisputeView['status']; limit?: number; before?: number };

/** Disputes, newest first, each with its moves. */
export function listDisputes(index: IndexDb, p: ListDisputesParameters = {}): DisputeView[] {
  const limit = Math.min(500, Math.max(1, Math.floor(p.limit ?? 50)));
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (p.status) (where.push('status = ?'), args.push(p.status));
  if (p.before !== undefined) (where.push('game_id < ?'), args.push(p.before));
  const rows = index.db.prepare(`SELECT * FROM games ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY game_id DESC LIMIT ?`).all(...args, limit) as GameRow[];
  return rows.map((g) => toDisputeView(index, g));
}

/** One dispute with every move (gas from the receipts), or undefined. */
export function getDisputeView(index: IndexDb, gameId: number): DisputeView | undefined {
  const g = index.db.prepare('SELECT * FROM games WHERE game_id = ?').get(gameId) as GameRow | undefined;
  return g ? toDisputeView(index, g) : undefined;
}

function toDisputeView(index: IndexDb, g: GameRow): DisputeView {
  const moves = index.db
    .prepare('SELECT m.*, x.gas_used FROM moves m LEFT JOIN txs x ON x.hash = m.tx_hash WHERE m.game_id = ? ORDER BY m.seq')
    .all(g.game_id) as MoveRow[];
  const model = index.db
    .prepare('SELECT t.model_id, m.op_count, m.input_count FROM tasks t LEFT JOIN models m ON m.model_id = t.model_id WHERE t.task_id = ?')
    .get(g.task_id) as { model_id: `0x${string}`; op_count: number | null; input_count: number | null } | undefined;
  // A transaction can emit two moves (pickElement: LeafRevealed + ElementPicked; step: Stepped + GameResolved): its gas is shown once, on the first.
  const seen = new Set<string>();
  return compact({
    gameId: String(g.game_id),
    taskId: String(g.task_id),
    worker: g.worker,
    challenger: g.challenger,
    status: g.status as DisputeView['status'],
    resolution: g.resolution ?? undefined,
    modelId: model?.model_id,
    bond: g.bond,
    openedAt: g.opened_at,
    resolvedAt: g.resolved_at ?? undefined,
    traceLength: model?.op_count != null && model.input_count != null ? model.op_count + model.input_count : undefined,
    traceIndex: g.trace_index ?? undefined,
    moves: moves.map((m): DisputeMoveView => {
      const first = !seen.has(m.tx_hash);
      seen.add(m.tx_hash);
      return compact({
        kind: m.kind,
        party: (m.party ?? undefined) as DisputeMoveView['party'],
        phase: m.phase ?? undefined,
        block: m.block,
        time: m.time,
        txHash: m.tx_hash,
        gasUsed: first && m.gas_used !== null ? String(m.gas_used) : undefined,
        depth: m.depth ?? undefined,
        index: m.idx ?? undefined,
        traceIndex: m.trace_index ?? undefined,
        leafIndex: m.leaf_index ?? undefined,
        elementIndex: m.element_index ?? undefined,
        workerValue: m.worker_value ?? undefined,
        challengerValue: m.challenger_value ?? undefined,
        correctValue: m.correct_value ?? undefined,
      });
    }),
    slashed: g.slashed ?? undefined,
  }) as DisputeView;
}
