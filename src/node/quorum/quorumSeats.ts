import type { Hex } from 'viem';
import { StoreStateError } from '../store/errors.ts';
import type { Store } from '../store/types.ts';

export type SeatBehaviour = 'honest' | 'lie' | 'silent';
export type SeatStatus = 'drawn' | 'computed' | 'committed' | 'revealed' | 'finalized' | 'refunded' | 'unavailable';

export type QuorumSeat = {
  taskId: bigint;
  seat: number;
  canonId: Hex;
  modelId: Hex;
  commitDeadline: number;
  revealDeadline: number;
  behaviour: SeatBehaviour;
  resultHash?: Hex;
  salt?: Hex;
  status: SeatStatus;
  outcome?: string;
};

type Row = {
  task_id: string; seat: number; canon_id: string; model_id: string; commit_deadline: number; reveal_deadline: number;
  behaviour: SeatBehaviour; result_hash: string | null; salt: string | null; status: SeatStatus; outcome: string | null;
};

const toSeat = (r: Row): QuorumSeat => ({
  taskId: BigInt(r.task_id),
  seat: r.seat,
  canonId: r.canon_id as Hex,
  modelId: r.model_id as Hex,
  commitDeadline: r.commit_deadline,
  revealDeadline: r.reveal_deadline,
  behaviour: r.behaviour,
  resultHash: (r.result_hash ?? undefined) as Hex | undefined,
  salt: (r.salt ?? undefined) as Hex | undefined,
  status: r.status,
  outcome: r.outcome ?? undefined,
});

/** Records a seat we were drawn to (idempotent: CommitteeDrawn is replayed after a restart). */
export function recordQuorumSeat(store: Store, s: Omit<QuorumSeat, 'status' | 'resultHash' | 'salt' | 'outcome'>): void {
  store.db
    .prepare(`INSERT INTO quorum_seats (task_id, seat, canon_id, model_id, commit_deadline, reveal_deadline, behaviour, status, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'drawn', ?) ON CONFLICT (task_id) DO NOTHING`)
    .run(s.taskId.toString(), s.seat, s.canonId, s.modelId, s.commitDeadline, s.revealDeadline, s.behaviour, store.now());
}

export function getQuorumSeat(store: Store, taskId: bigint): QuorumSeat | undefined {
  const row = store.db.prepare('SELECT * FROM quorum_seats WHERE task_id = ?').get(taskId.toString()) as Row | undefined;
  return row && toSeat(row);
}

/** Seats still in play (not settled, not given up), oldest first. */
export function openQuorumSeats(store: Store): QuorumSeat[] {
  return (store.db.prepare("SELECT * FROM quorum_seats WHERE status IN ('drawn', 'computed', 'committed', 'revealed') ORDER BY CAST(task_id AS INTEGER)").all() as Row[]).map(toSeat);
}

/**
 * Stores what the seat will commit to: the result hash and the salt, BEFORE the commitment is
 * sent, so the commitment can always be opened. Written once: a second call with other values
 * is refused (a restart must reveal what it committed, never recompute a fresh salt).
 */
export function saveQuorumResult(store: Store, taskId: bigint, resultHash: Hex, salt: Hex): void {
  store.db.transaction(() => {
    const s = getQuorumSeat(store, taskId);
    if (!s) throw new StoreStateError(`No quorum seat for task ${taskId}.`, 'Record the seat (recordQuorumSeat) first.');
    if (s.resultHash !== undefined) {
      if (s.resultHash !== resultHash || s.salt !== salt) throw new StoreStateError(`Quorum task ${taskId} already has a stored result and salt.`, 'Commit and reveal the stored ones.');
      return;
    }
    store.db.prepare("UPDATE quorum_seats SET result_hash = ?, salt = ?, status = 'computed', updated_at = ? WHERE task_id = ?").run(resultHash, salt, store.now(), taskId.toString());
  }).immediate();
}

export function setQuorumSeatStatus(store: Store, taskId: bigint, status: SeatStatus, outcome?: string): void {
  store.db.prepare('UPDATE quorum_seats SET status = ?, outcome = coalesce(?, outcome), updated_at = ? WHERE task_id = ?').run(status, outcome ?? null, store.now(), taskId.toString());
}

/** A quorum task seen created, to draw once its draw block is mined. */
export function recordQuorumDraw(store: Store, taskId: bigint, drawBlock: bigint): void {
  store.db.prepare('INSERT INTO quorum_draws (task_id, draw_block) VALUES (?, ?) ON CONFLICT (task_id) DO UPDATE SET draw_block = excluded.draw_block WHERE done = 0').run(taskId.toString(), Number(drawBlock));
}

export function pendingQuorumDraws(store: Store): { taskId: bigint; drawBlock: number }[] {
  return (store.db.prepare('SELECT task_id, draw_block FROM quorum_draws WHERE done = 0 ORDER BY CAST(task_id AS INTEGER)').all() as { task_id: string; draw_block: number }[]).map((r) => ({ taskId: BigInt(r.task_id), drawBlock: r.draw_block }));
}

export function markQuorumDrawn(store: Store, taskId: bigint): void {
  store.db.prepare('UPDATE quorum_draws SET done = 1 WHERE task_id = ?').run(taskId.toString());
}
