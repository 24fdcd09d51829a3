import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DataDirLockedError, lockDataDir } from '../../src/node/dataDirLock.ts';

const dir = mkdtempSync(join(tmpdir(), 'vouch-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a data directory held by a live process is refused; released, it can be taken again', async () => {
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    writeFileSync(join(dir, 'node.pid'), String(holder.pid));
    assert.throws(() => lockDataDir(dir), (err: unknown) => err instanceof DataDirLockedError && err.message.includes(String(holder.pid)));
  } finally {
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
  }
  // Its process is gone (as after kill -9): the stale lock is taken over.
  const release = lockDataDir(dir);
  assert.throws(() => lockDataDir(dir), DataDirLockedError, 'a second node in the same process is refused too');
  release();
  assert.equal(existsSync(join(dir, 'node.pid')), false);
});
