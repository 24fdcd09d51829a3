import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { latestVersion, nextDeadlines, openStore, pendingTransactions } from '../../../src/node/store/index.ts';
import { checkInvariants, checkReported } from './invariants.ts';
import { mulberry32 } from './random.ts';

// kill -9 at many points: one database, a child node writing random steps to it, killed with
// SIGKILL after a random delay, then the database reopened and checked, and the next child
// continues from it. Set VOUCH_CRASH_SEED to replay a run.
const KILLS = 30;
const seed = Number(process.env.VOUCH_CRASH_SEED ?? Date.now() % 1_000_000);
const worker = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vouch-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one child until `delayMs` after it reported ready (or after spawn, when `early`), then SIGKILLs it; returns its stdout lines. */
function runAndKill(db: string, childSeed: number, delayMs: number, early: boolean): Promise<{ lines: string[]; killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, db, String(childSeed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs));
    if (early) arm();
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (out.startsWith('ready\n')) arm();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ lines: out.split('\n').filter(Boolean), killed: signal === 'SIGKILL', stderr: stderr + (code !== null ? `\nexit code ${code}` : '') });
    });
  });
}

test(`SIGKILL at ${KILLS} random points leaves a consistent database holding every reported step (seed ${seed})`, { timeout: 120_000 }, async () => {
  const rand = mulberry32(seed);
  const db = join(dir, 'node.db');
  let steps = 0;
  const reported: string[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    // One kill in five lands around start-up (ready comes ~750 ms after spawn here); the others mid-stream.
    const early = rand.int(5) === 0;
    const delayMs = early ? 450 + rand.int(600) : 5 + rand.int(400);
    const run = await runAndKill(db, seed * 1000 + kill, delayMs, early);
    assert.ok(run.killed, `child ${kill} was meant to be killed but ended on its own: ${run.stderr}`);
    reported.push(...run.lines);
    steps += run.lines.length;

    // Reopen as the node does on restart (a kill before or during the first migration leaves
    // no schema, or the previous version: openStore migrates), then check.
    const store = openStore(db);
    try {
      assert.deepEqual(checkInvariants(store.db), [], `after kill ${kill} (seed ${seed})`);
      // Every step ever reported, by any child so far, is still there.
      assert.deepEqual(reported.map((l) => checkReported(store.db, l)).filter(Boolean), [], `after kill ${kill} (seed ${seed})`);
      pendingTransactions(store);
      nextDeadlines(store, store.now());
    } finally {
      store.close();
    }
  }
  const raw = new Database(db, { readonly: true });
  const version = (raw.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number }).v;
  const counts = raw.prepare(`SELECT (SELECT COUNT(*) FROM tasks) AS tasks, (SELECT COUNT(*) FROM dispute_moves) AS moves, (SELECT COUNT(*) FROM outbox) AS txs`).get();
  raw.close();
  assert.equal(version, latestVersion);
  assert.ok(steps > KILLS * 5, `only ${steps} steps were committed: the kills did not land among writes`);
  console.log(`# ${KILLS} kills, ${steps} reported steps, final ${JSON.stringify(counts)}`);
});

test('SIGKILL around the first open (creating and migrating a fresh database) leaves a database that opens at the latest version', { timeout: 60_000 }, async () => {
  const rand = mulberry32(seed + 1);
  for (let i = 0; i < 6; i++) {
    const db = join(dir, `fresh-${i}.db`);
    const run = await runAndKill(db, seed + i, 500 + rand.int(400), true);
    assert.ok(run.killed, run.stderr);
    const store = openStore(db);
    try {
      assert.equal((store.db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number }).v, latestVersion);
      assert.deepEqual(checkInvariants(store.db), [], `fresh database ${i} (seed ${seed})`);
      assert.deepEqual(run.lines.map((l) => checkReported(store.db, l)).filter(Boolean), []);
    } finally {
      store.close();
    }
  }
});
