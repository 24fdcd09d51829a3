import { toTx } from './rows.ts';
import type { Store, TxRecord } from './types.ts';

/** One outbox row with its submissions, or undefined. */
export function getTx(store: Store, txId: number): TxRecord | undefined {
  const row = store.db.prepare('SELECT * FROM outbox WHERE id = ?').get(txId);
  if (!row) return undefined;
  return toTx(row, store.db.prepare('SELECT * FROM outbox_submissions WHERE outbox_id = ? ORDER BY attempt').all(txId) as object[]);
}
