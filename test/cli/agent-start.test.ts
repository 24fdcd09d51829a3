import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';

const BIN = new URL('../../bin/vouch.js', import.meta.url).pathname;
const MODEL = new URL('../../models/mnist-cnn.vouch', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vouch-agent-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function vouch(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, [BIN, ...args]);
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

const common = ['agent', 'start', '--rpc', 'http://127.0.0.1:9', '--key', `0x${'11'.repeat(32)}`, '--model', MODEL];

test('agent start refuses a data directory another live process holds, before touching the chain', async () => {
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    writeFileSync(join(dir, 'node.pid'), String(holder.pid));
    const r = await vouch(...common, '--role', 'worker', '--data-dir', dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`in use by process ${holder.pid}`));
  } finally {
    holder.kill('SIGKILL');
  }
});

test('agent start explains bad usage with exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [['--data-dir', dir], /--role is required/],
    [['--role', 'miner', '--data-dir', dir], /unknown role 'miner'/],
    [['--role', 'worker', '--data-dir', dir, '--confirmations', '0'], /--confirmations must be a positive integer/],
    [['--role', 'worker', '--data-dir', dir, '--cheat-rate', '2'], /--cheat-rate must be a number between 0 and 1/],
  ];
  for (const [args, message] of cases) {
    const r = await vouch(...common, ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});
