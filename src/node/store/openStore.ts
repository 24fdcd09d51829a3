import Database from 'better-sqlite3';
import { VouchError } from '../../errors.ts';
import { StoreOpenError } from './errors.ts';
import { migrate } from './migrate.ts';
import type { Migration } from './migrations.ts';
import type { Store } from './types.ts';

export type OpenStoreOptions = {
  /** Milliseconds a write waits for another connection's lock before SQLITE_BUSY (default 5000). */
  busyTimeoutMs?: number;
  /** Unix-seconds clock (default: the system clock). */
  now?: () => number;
  /** Schema migrations (default: this version's list); tests pass others. */
  migrations?: readonly Migration[];
};

/**
 * Opens (or creates) the node's state database: WAL journal, synchronous=FULL, foreign keys
 * on, a busy timeout, then the schema migrated to this code's version (docs/node-state.md).
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (cause) {
    throw new StoreOpenError({ path, reason: 'SQLite could not open the file', cause });
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    // INVARIANT: Durability below assumes WAL; some filesystems (network mounts) cannot hold it.
    if (String(mode).toLowerCase() !== 'wal' && path !== ':memory:') {
      throw new StoreOpenError({ path, reason: `the WAL journal is not available here (journal_mode is ${mode})` });
    }
    // FULL: a commit is fsynced to the WAL before it returns, so it survives power loss too.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, { path, migrations: options.migrations, now: now() });
  } catch (err) {
    db.close();
    if (err instanceof VouchError) throw err;
    throw new StoreOpenError({ path, reason: 'the database could not be set up or migrated', cause: err });
  }
  return { path, db, now, close: () => db.close() };
}
