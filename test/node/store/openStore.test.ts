import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import {
  latestVersion, loadIdentity, migrations, openStore, recordTask, saveIdentity, StoreIdentityMismatchError, StoreOpenError, StoreVersionTooNewError,
} from '../../../src/node/store/index.ts';
import { hash } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'vouch-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('openStore creates the database in WAL mode with synchronous=FULL, foreign keys and a busy timeout', () => {
  const store = openStore(join(dir, 'a.db'), { busyTimeoutMs: 1234 });
  assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(store.db.pragma('synchronous', { simple: true }), 2);
  assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(store.db.pragma('busy_timeout', { simple: true }), 1234);
  assert.deepEqual(store.db.prepare('SELECT version, name FROM schema_version').all(), migrations.map((m) => ({ version: m.version, name: m.name })));
  store.close();
});

test('openStore keeps the data across reopen and runs each migration once', () => {
  const path = join(dir, 'b.db');
  const first = openStore(path);
  recordTask(first, { taskId: 5n, modelId: hash('m'), inputsHash: hash('i'), role: 'worker', claimDeadline: 10 });
  first.close();
  const second = openStore(path);
  assert.equal((second.db.prepare('SELECT COUNT(*) AS n FROM tasks').get() as { n: number }).n, 1);
  assert.equal((second.db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n, migrations.length);
  second.close();
});

test('openStore applies only the migrations a database lacks, in order', () => {
  const path = join(dir, 'c.db');
  openStore(path, { migrations: migrations.slice(0, 1) }).close();
  const extra = [...migrations, { version: latestVersion + 1, name: 'add a column', up: 'ALTER TABLE tasks ADD COLUMN note TEXT' }];
  const store = openStore(path, { migrations: extra });
  assert.deepEqual((store.db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[]).map((r) => r.version), extra.map((m) => m.version));
  assert.ok((store.db.prepare('PRAGMA table_info(tasks)').all() as { name: string }[]).some((c) => c.name === 'note'));
  store.close();
});

test('openStore refuses a database from a newer version, and leaves it untouched', () => {
  const path = join(dir, 'd.db');
  openStore(path).close();
  const raw = new Database(path);
  raw.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, 0)').run(latestVersion + 1, 'from the future');
  raw.close();
  assert.throws(() => openStore(path), (err: unknown) => {
    assert.ok(err instanceof StoreVersionTooNewError);
    assert.equal(err.version, latestVersion + 1);
    assert.equal(err.supported, latestVersion);
    assert.match(err.message, /newer Vouch.*Upgrade Vouch/s);
    return true;
  });
  const check = new Database(path, { readonly: true });
  assert.equal((check.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number }).v, latestVersion + 1);
  check.close();
});

test('openStore wraps a failing migration and a bad path in StoreOpenError, rolling the migration back', () => {
  const path = join(dir, 'e.db');
  openStore(path).close();
  const broken = [...migrations, { version: latestVersion + 1, name: 'broken', up: 'ALTER TABLE tasks ADD COLUMN x TEXT; THIS IS NOT SQL' }];
  assert.throws(() => openStore(path, { migrations: broken }), StoreOpenError);
  const store = openStore(path);
  assert.ok(!(store.db.prepare('PRAGMA table_info(tasks)').all() as { name: string }[]).some((c) => c.name === 'x'));
  store.close();
  assert.throws(() => openStore(join(dir, 'no', 'such', 'dir', 'x.db')), (err: unknown) => err instanceof StoreOpenError && /writable/.test(err.message));
});

test('saveIdentity records the identity once and refuses another chain, agent or contract address', () => {
  const store = openStore(join(dir, 'f.db'));
  const identity = { agentId: 7n, chainId: 31337, account: '0x00000000000000000000000000000000000000A1' as const, contracts: { tasks: '0x00000000000000000000000000000000000000c1' as const } };
  saveIdentity(store, identity);
  saveIdentity(store, { ...identity, contracts: { ...identity.contracts, disputeGame: '0x00000000000000000000000000000000000000d1' } });
  assert.deepEqual(loadIdentity(store), { agentId: 7n, chainId: 31337, account: '0x00000000000000000000000000000000000000a1',
    contracts: { disputeGame: '0x00000000000000000000000000000000000000d1', tasks: '0x00000000000000000000000000000000000000c1' } });
  assert.throws(() => saveIdentity(store, { ...identity, chainId: 1 }), StoreIdentityMismatchError);
  assert.throws(() => saveIdentity(store, { ...identity, agentId: 8n }), StoreIdentityMismatchError);
  assert.throws(() => saveIdentity(store, { ...identity, contracts: { tasks: '0x00000000000000000000000000000000000000ff' } }), /contract tasks at/);
  store.close();
});
