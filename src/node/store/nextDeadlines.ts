import type { Store } from './types.ts';

/**
 * Something the node must do: before `by` (unix seconds, inclusive: the last second the chain
 * still accepts it) or from `notBefore` on. The action name is also the outbox kind that does it.
 */
export type Deadline = {
  action: 'reconcile' | 'claim' | 'sync-claim' | 'finalize' | 'dispute' | 'move' | 'resolve-timeout';
  taskId?: bigint;
  gameId?: bigint;
  txId?: number;
  by?: number;
  notBefore?: number;
  /**
   * `by` has passed: too late on chain. Only a move can be overdue (the game is lost on time and
   * the scheduler waits for GameResolved); a missed claim deadline or closed window is dropped.
   */
  overdue: boolean;
};

const pending = (kind: string, subject: string) =>
  `NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = '${kind}' AND o.subject = ${subject} AND o.status IN ('intent', 'submitted'))`;

/**
 * What must be acted on, most urgent first, computed from the database alone: the scheduler
 * calls it on restart (after reconciling the outbox with the chain) and after each step.
 * Unfinished transactions come first; an action whose transaction is already in the outbox is
 * not listed again.
 */
export function nextDeadlines(store: Store, now: number): Deadline[] {
  const { db } = store;
  const out: Deadline[] = [];
  for (const r of db.prepare("SELECT id, task_id, game_id FROM outbox WHERE status IN ('intent', 'submitted') ORDER BY id").all() as { id: number; task_id: string | null; game_id: string | null }[]) {
    out.push({ action: 'reconcile', txId: r.id, taskId: big(r.task_id), gameId: big(r.game_id), by: now, overdue: false });
  }
  const rows = (sql: string) => db.prepare(sql).all() as { task_id: string; game_id?: string; t: number | null }[];
  const tasks = (action: Deadline['action'], sql: string, when: 'by' | 'notBefore') => {
    for (const r of rows(sql)) {
      const d: Deadline = { action, taskId: BigInt(r.task_id), gameId: big(r.game_id ?? null), overdue: false };
      if (r.t === null) d.by = now;
      else if (when === 'by') Object.assign(d, { by: r.t, overdue: r.t < now });
      else d.notBefore = r.t;
      out.push(d);
    }
  };
  // A worker claims open tasks (no live claim of ours) by the claim deadline; past it the task is Expired and off the list.
  tasks('claim', `SELECT t.task_id, t.claim_deadline AS t FROM tasks t LEFT JOIN claims c ON c.task_id = t.task_id
    WHERE t.role = 'worker' AND t.status = 'open' AND t.claim_deadline >= ${Math.floor(now)}
    AND (c.task_id IS NULL OR c.status = 'failed') AND ${pending('claim', "'task:' || t.task_id")}`, 'by');
  // A confirmed claim whose window end is unknown (confirmed by reconciliation): read it from the chain now.
  tasks('sync-claim', `SELECT task_id, NULL AS t FROM claims WHERE ours = 1 AND status = 'confirmed' AND window_end IS NULL`, 'by');
  // The worker finalizes once the window has closed (Tasks.state: Finalizable when now >= windowEnd).
  tasks('finalize', `SELECT t.task_id, c.window_end AS t FROM tasks t JOIN claims c ON c.task_id = t.task_id
    WHERE t.role = 'worker' AND t.status = 'claimed' AND c.ours = 1 AND c.status = 'confirmed' AND c.window_end IS NOT NULL
    AND ${pending('finalize', "'task:' || t.task_id")}`, 'notBefore');
  // A challenger disputes an observed claim while the window is open (last second windowEnd - 1); a closed window is off the list.
  tasks('dispute', `SELECT t.task_id, c.window_end - 1 AS t FROM tasks t JOIN claims c ON c.task_id = t.task_id
    WHERE t.role = 'challenger' AND t.status = 'claimed' AND c.ours = 0 AND c.window_end > ${Math.floor(now)}
    AND ${pending('dispute', "'task:' || t.task_id")}`, 'by');
  // Our turn in a game: move before our clock runs out (a move is allowed while used <= budget).
  tasks('move', `SELECT task_id, game_id, our_deadline AS t FROM disputes WHERE status = 'open' AND turn = our_side
    AND ${pending('move', "'game:' || game_id")}`, 'by');
  // Their turn: once their clock has run out, resolveTimeout wins the game for us.
  tasks('resolve-timeout', `SELECT task_id, game_id, their_deadline + 1 AS t FROM disputes WHERE status = 'open' AND turn <> our_side
    AND ${pending('resolve-timeout', "'game:' || game_id")}`, 'notBefore');
  const at = (d: Deadline) => d.by ?? d.notBefore ?? now;
  return out.sort((a, b) => (a.action === 'reconcile' ? 0 : 1) - (b.action === 'reconcile' ? 0 : 1) || at(a) - at(b));
}

const big = (v: string | null) => (v === null ? undefined : BigInt(v));
