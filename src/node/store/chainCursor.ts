import type { Store } from './types.ts';

/** The last block whose events are all applied to the database, or undefined before the first sync. */
export function getChainCursor(store: Store): number | undefined {
  const row = store.db.prepare('SELECT block FROM chain_cursor WHERE singleton = 1').get() as { block: number } | undefined;
  return row?.block;
}

/** Moves the cursor (never backwards): call in the same step as applying the block's events. */
export function setChainCursor(store: Store, block: number): void {
  store.db
    .prepare(`INSERT INTO chain_cursor (singleton, block, updated_at) VALUES (1, ?, ?)
      ON CONFLICT (singleton) DO UPDATE SET block = max(block, excluded.block), updated_at = excluded.updated_at`)
    .run(block, store.now());
}
