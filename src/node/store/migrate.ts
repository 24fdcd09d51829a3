import type Database from 'better-sqlite3';
import { StoreVersionTooNewError } from './errors.ts';
import { type Migration, migrations as defaultMigrations } from './migrations.ts';

export type MigrateParameters = { path: string; migrations?: readonly Migration[]; now: number };
export type MigrateReturnType = { from: number; to: number };

/**
 * Brings the schema to the last migration's version, each migration in its own transaction
 * together with its `schema_version` row (a crash leaves the previous version, never half of
 * one). A database from a newer version is refused before anything is written.
 */
export function migrate(db: Database.Database, { path, migrations = defaultMigrations, now }: MigrateParameters): MigrateReturnType {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (current > latest) throw new StoreVersionTooNewError({ path, version: current, supported: latest });
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      record.run(m.version, m.name, now);
    }).immediate();
  }
  return { from: current, to: Math.max(current, latest) };
}
