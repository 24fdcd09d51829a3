import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractsDir, runForge } from './runForge.ts';

// Runs every Solidity test (unit, fuzz, invariant) with the native forge binary; the node
// test fails when forge exits non-zero. Full output: contracts/out/forge-test.log.
test('forge test passes', { timeout: 15 * 60_000 }, async (t) => {
  const { code, output } = await runForge(['test', '--force']);
  mkdirSync(join(contractsDir, 'out'), { recursive: true });
  writeFileSync(join(contractsDir, 'out', 'forge-test.log'), output);
  for (const line of output.split('\n')) {
    if (/^Ran \d+ test suites?|^Suite result|^\[FAIL/.test(line)) t.diagnostic(line);
  }
  const failing = output.split('\n').filter((l) => l.includes('[FAIL')).join('\n');
  assert.equal(code, 0, `forge test exited ${code}\n${failing || output.slice(-4000)}`);
});
