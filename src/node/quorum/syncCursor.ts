import type { Store } from '../store/types.ts';

/** A named cursor ('quorum', 'sampling'): the last block whose events of that contract are all applied. */
export function getSyncCursor(store: Store, name: string): number | undefined {
  const row = store.db.prepare('SELECT block FROM sync_cursors WHERE name = ?').get(name) as { block: number } | undefined;
  return row?.block;
}

/** Moves a named cursor (never backwards), after the range's events are applied. */
export function setSyncCursor(store: Store, name: string, block: number): void {
  store.db
    .prepare(`INSERT INTO sync_cursors (name, block, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET block = max(block, excluded.block), updated_at = excluded.updated_at`)
    .run(name, block, store.now());
}
