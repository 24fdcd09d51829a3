import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIXTURE_FILES } from './fixtures/commitVectors.ts';

// forge reads the committed vectors; they must be exactly what the TS implementation makes.
const dir = fileURLToPath(new URL('../../contracts/test/fixtures/', import.meta.url));

for (const [name, make] of Object.entries(FIXTURE_FILES)) {
  test(`contracts/test/fixtures/${name} is up to date`, () => {
    const committed = readFileSync(dir + name, 'utf8');
    assert.ok(committed === make(), `${name} differs from the TS commitment code: run node --import tsx test/commit/fixtures/writeCommitFixtures.ts and commit`);
  });
}
