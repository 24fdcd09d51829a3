import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractsDir, runForge } from './runForge.ts';
import { checkForgeVectors } from '../commit/checkForgeVectors.ts';

// Runs every Solidity test (unit, fuzz, invariant, TS->Solidity fixtures) with the native
// forge binary; the node test fails when forge exits non-zero. Full output:
// contracts/out/forge-test.log. Then checks in TypeScript what forge wrote (Solidity->TS).
const fixturesOut = join(contractsDir, 'test', 'fixtures-out');

test('forge', { timeout: 20 * 60_000 }, async (t) => {
  // Stale results must not pass for fresh ones.
  rmSync(fixturesOut, { recursive: true, force: true });
  mkdirSync(fixturesOut, { recursive: true });

  await t.test('forge test passes', async (t) => {
    const { code, output } = await runForge(['test', '--force']);
    mkdirSync(join(contractsDir, 'out'), { recursive: true });
    writeFileSync(join(contractsDir, 'out', 'forge-test.log'), output);
    for (const line of output.split('\n')) {
      if (/^Ran \d+ test suites?|^\[FAIL/.test(line)) t.diagnostic(line);
    }
    const failing = output.split('\n').filter((l) => l.includes('[FAIL')).join('\n');
    assert.equal(code, 0, `forge test exited ${code}\n${failing || output.slice(-4000)}`);
  });

  await t.test('roots computed by Solidity match TypeScript', (t) => {
    const file = join(fixturesOut, 'forge-commit.json');
    let json: string;
    try {
      json = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new Error(`forge did not write ${file}: CommitFixturesTest.test_forgeVectors_write_succeeds must run`, { cause });
    }
    t.diagnostic(`${checkForgeVectors(json)} Solidity-committed tensors re-checked in TypeScript`);
  });
});
