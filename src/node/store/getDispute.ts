import { toDispute, toMove } from './rows.ts';
import type { DisputeMove, DisputeRecord, Store } from './types.ts';

/** A recorded dispute game with its moves in order, or undefined. */
export function getDispute(store: Store, gameId: bigint): (DisputeRecord & { history: DisputeMove[] }) | undefined {
  const { db } = store;
  return db.transaction(() => {
    const row = db.prepare('SELECT * FROM disputes WHERE game_id = ?').get(gameId.toString());
    if (!row) return undefined;
    const history = (db.prepare('SELECT * FROM dispute_moves WHERE game_id = ? ORDER BY seq').all(gameId.toString()) as object[]).map(toMove);
    return { ...toDispute(row), history };
  })();
}
