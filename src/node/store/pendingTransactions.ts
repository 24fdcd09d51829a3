import { toTx } from './rows.ts';
import type { Store, TxRecord } from './types.ts';

/** Unfinished outbox transactions (intent or submitted), oldest first: what a restart must reconcile before sending anything new. */
export function pendingTransactions(store: Store): TxRecord[] {
  const { db } = store;
  const subs = db.prepare('SELECT * FROM outbox_submissions WHERE outbox_id = ? ORDER BY attempt');
  return (db.prepare("SELECT * FROM outbox WHERE status IN ('intent', 'submitted') ORDER BY id").all() as { id: number }[])
    .map((r) => toTx(r, subs.all(r.id) as object[]));
}
