import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { mnistDisputeFixture } from './mnistDisputeFixture.ts';

// forge plays the committed MNIST dispute games (contracts/test/dispute/MnistDisputeGas.t.sol);
// they must be what the runtime and buildStepProof produce today.
test('contracts/test/fixtures/dispute/mnist-dispute.json is up to date', () => {
  const committed = readFileSync(new URL('../../contracts/test/fixtures/dispute/mnist-dispute.json', import.meta.url), 'utf8');
  assert.ok(
    committed === mnistDisputeFixture(),
    'mnist-dispute.json differs from what src/dispute builds: run node --import tsx test/dispute/writeMnistDisputeFixture.ts, check forge, commit',
  );
});
