import assert from 'node:assert/strict';
import { test } from 'node:test';
import { driftedFiles, forgeBinaryPath, genAbis } from '../../scripts/gen-abis.ts';

// A contract change without `node --import tsx scripts/gen-abis.ts` fails here.
test('src/chain/abis matches a fresh forge build of the contracts', { skip: forgeBinaryPath() ? false : 'native forge not installed', timeout: 180_000 }, async () => {
  const files = await genAbis();
  assert.deepEqual(driftedFiles(files), [], 'regenerate with: node --import tsx scripts/gen-abis.ts');
});
