import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createPublicClient, http } from 'viem';
import { startAnvil } from '../../src/chain/anvil/startAnvil.ts';
import { AnvilNotFoundError, AnvilStartError } from '../../src/chain/errors.ts';

const startAnvilUrl = new URL('../../src/chain/anvil/startAnvil.ts', import.meta.url).href;

/** Gone, or a zombie nobody reaped yet (the container's init may not reap). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitGone(pid: number, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (isGone(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return isGone(pid);
}

describe('startAnvil', () => {
  test('two chains on free ports, with the chain id asked for and the default accounts', async () => {
    const [a, b] = await Promise.all([startAnvil({ chainId: 777 }), startAnvil()]);
    try {
      assert.notEqual(a.rpcUrl, b.rpcUrl);
      const chainId = await createPublicClient({ transport: http(a.rpcUrl) }).getChainId();
      assert.equal(chainId, 777);
      assert.equal(a.chainId, 777);
      assert.equal(b.accounts.length, 10);
      assert.equal(b.accounts[0].address, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
      assert.equal(b.accounts[0].privateKey, '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    assert.ok(isGone(a.pid) && isGone(b.pid));
    await a.stop(); // idempotent
  });

  test('a missing binary is an AnvilNotFoundError', async () => {
    await assert.rejects(startAnvil({ binary: '/nonexistent/anvil' }), (err) => err instanceof AnvilNotFoundError && /npm install/.test(err.message));
  });

  test('a chain that never listens is an AnvilStartError, and the process is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-fake-anvil-'));
    const fake = join(dir, 'anvil');
    writeFileSync(fake, '#!/bin/sh\necho "pretending to start"\necho $$ > "$0.pid"\nexec sleep 30\n');
    chmodSync(fake, 0o755);
    await assert.rejects(startAnvil({ binary: fake, startTimeoutMs: 500 }), (err) => {
      assert.ok(err instanceof AnvilStartError);
      assert.match(err.message, /Listening on/);
      assert.match(err.message, /pretending to start/);
      return true;
    });
    assert.ok(await waitGone(Number(readFileSync(`${fake}.pid`, 'utf8'))));

    writeFileSync(fake, '#!/bin/sh\necho "bad flag" >&2\nexit 2\n');
    await assert.rejects(startAnvil({ binary: fake }), (err) => err instanceof AnvilStartError && /exited early/.test(err.message) && /bad flag/.test(err.message));
  });

  // A node process that starts anvil and then is killed (or exits) must not leave anvil running.
  for (const ending of ['SIGTERM', 'SIGINT', 'process.exit'] as const) {
    test(`no orphan anvil when its node process ends by ${ending}`, async () => {
      const script = `
        const { startAnvil } = await import(${JSON.stringify(startAnvilUrl)});
        const anvil = await startAnvil();
        console.log(JSON.stringify({ pid: anvil.pid }));
        ${ending === 'process.exit' ? 'setTimeout(() => process.exit(0), 100);' : 'setInterval(() => {}, 1000);'}
      `;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const anvilPid = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const match = /\{"pid":(\d+)\}/.exec(out);
          if (match) resolve(Number(match[1]));
        });
        child.once('exit', (code) => reject(new Error(`child exited (${code}) before starting anvil: ${out}`)));
      });
      assert.ok(!isGone(anvilPid), 'anvil runs while its parent does');
      const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
      if (ending !== 'process.exit') child.kill(ending);
      assert.equal(await exited, ending === 'process.exit' ? 0 : ending, 'the parent ends the way it was asked to');
      assert.ok(await waitGone(anvilPid), `anvil ${anvilPid} outlived its parent`);
    });
  }
});
