import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VERIFIER_FIXTURE_FILES } from './verifierFixtures.ts';

// forge's differential test (contracts/test/verifier/OneStepFixtures.t.sol) reads the committed
// cases; they must be exactly what the TypeScript reference computes today.
const dir = fileURLToPath(new URL('../../../contracts/test/fixtures/verifier/', import.meta.url));

for (const [name, make] of Object.entries(VERIFIER_FIXTURE_FILES)) {
  test(`contracts/test/fixtures/verifier/${name} is up to date`, () => {
    const committed = readFileSync(dir + name, 'utf8');
    assert.ok(
      committed === make(),
      `${name} differs from what the TS kernels compute: run node --import tsx test/contracts/verifier/writeFixtures.ts, check forge, commit`,
    );
  });
}
