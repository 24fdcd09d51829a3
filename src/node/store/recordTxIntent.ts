import { StoreStateError } from './errors.ts';
import { getTx } from './getTx.ts';
import type { Store, TxPayload, TxRecord } from './types.ts';

export type RecordTxIntentParameters = {
  /** What the transaction does: 'claim', 'open-dispute', 'bisect', 'finalize', 'resolve-timeout'... */
  kind: string;
  /** Names the effect with `kind` (default `task:<taskId>`, or `game:<gameId>` when given). */
  subject?: string;
  taskId?: bigint;
  gameId?: bigint;
  payload: TxPayload;
};

/**
 * Records that the node is about to send a transaction: BEFORE anything is signed or
 * broadcast (docs/node-state.md, the outbox rule). Refused while another transaction of the
 * same kind and subject is unfinished: that one must be resumed, not doubled.
 */
export function recordTxIntent(store: Store, p: RecordTxIntentParameters): TxRecord {
  const { db } = store;
  const subject = p.subject ?? (p.gameId !== undefined ? `game:${p.gameId}` : p.taskId !== undefined ? `task:${p.taskId}` : undefined);
  if (subject === undefined) throw new StoreStateError(`A ${p.kind} transaction needs a subject.`, 'Pass taskId, gameId or subject: it is what keeps a restart from sending the same transaction twice.');
  return db.transaction(() => {
    const pending = db.prepare("SELECT id, status FROM outbox WHERE kind = ? AND subject = ? AND status IN ('intent', 'submitted')").get(p.kind, subject) as
      | { id: number; status: string }
      | undefined;
    if (pending) {
      throw new StoreStateError(`A ${p.kind} transaction for ${subject} is already ${pending.status} (outbox id ${pending.id}).`,
        'Resume it (pendingTransactions, then markTxSubmitted/markTxConfirmed/markTxFailed) instead of recording a second one.');
    }
    const now = store.now();
    const { lastInsertRowid } = db.prepare(`INSERT INTO outbox (kind, subject, task_id, game_id, payload, status, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'intent', ?, ?)`).run(p.kind, subject, p.taskId?.toString() ?? null, p.gameId?.toString() ?? null,
      JSON.stringify(p.payload), now, now);
    return getTx(store, Number(lastInsertRowid))!;
  }).immediate();
}
