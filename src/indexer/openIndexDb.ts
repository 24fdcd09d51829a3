import Database from 'better-sqlite3';
import { VouchError } from '../errors.ts';
import { IndexMismatchError, IndexOpenError } from './errors.ts';
import { type IndexMigration, indexMigrations } from './migrations.ts';

/** An open index database. Read functions (src/indexer/views) take it first. */
export type IndexDb = {
  readonly path: string;
  readonly db: Database.Database;
  close(): void;
};

export type OpenIndexDbOptions = {
  /** Milliseconds a write waits for another connection's lock (default 5000). */
  busyTimeoutMs?: number;
  /** Open for reading only (another process indexes into the file). */
  readonly?: boolean;
  migrations?: readonly IndexMigration[];
};

/**
 * Opens (or creates) the index database: WAL journal (readers never block the indexer),
 * synchronous=NORMAL (the index can always be rebuilt from the chain, so losing the last
 * commits on power loss costs a re-read, not correctness), then the schema migrated.
 */
export function openIndexDb(path: string, options: OpenIndexDbOptions = {}): IndexDb {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: options.readonly ?? false });
  } catch (cause) {
    throw new IndexOpenError({ path, reason: 'SQLite could not open the file', cause });
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if (!options.readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal' && path !== ':memory:') throw new IndexOpenError({ path, reason: `the WAL journal is not available here (journal_mode is ${mode})` });
      db.pragma('synchronous = NORMAL');
      migrateIndex(db, path, options.migrations ?? indexMigrations);
    }
  } catch (err) {
    db.close();
    if (err instanceof VouchError) throw err;
    throw new IndexOpenError({ path, reason: 'the database could not be set up or migrated', cause: err });
  }
  return { path, db, close: () => db.close() };
}

function migrateIndex(db: Database.Database, path: string, migrations: readonly IndexMigration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (current > latest) throw new IndexMismatchError({ path, reason: `schema version ${current} is newer than this Vouch's ${latest}` });
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      record.run(m.version, m.name, Math.floor(Date.now() / 1000));
    }).immediate();
  }
}
