import type { NodeContext } from '../context.ts';
import { crashPoint } from '../crashPoint.ts';
import type { Store } from '../store/types.ts';

/** Blocks per event query (public RPCs cap the range of eth_getLogs). */
const MAX_RANGE = 2_000n;

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

/**
 * Walks the blocks after cursor `name` (from `fromBlock` the first time) up to the head, in
 * ranges of MAX_RANGE: applies each range, then moves the cursor past it, so a crash replays at
 * most the range it was applying (crash point `<name>-sync.applied` sits between the two).
 */
export async function advanceSyncCursor(
  ctx: Pick<NodeContext, 'clients' | 'store'>,
  name: string,
  fromBlock: bigint,
  applyRange: (from: bigint, to: bigint) => Promise<void>,
): Promise<void> {
  const head = await ctx.clients.public.getBlockNumber({ cacheTime: 0 });
  const cursor = getSyncCursor(ctx.store, name);
  for (let from = cursor === undefined ? fromBlock : BigInt(cursor) + 1n; from <= head; ) {
    const to = from + MAX_RANGE - 1n < head ? from + MAX_RANGE - 1n : head;
    await applyRange(from, to);
    crashPoint(`${name}-sync.applied`);
    setSyncCursor(ctx.store, name, Number(to));
    from = to + 1n;
  }
}
