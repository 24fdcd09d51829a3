import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LEAF_SIZE } from '../../src/commit/constants.ts';
import { tensorBytes } from '../../src/commit/tensorBytes.ts';
import { tensorHash } from '../../src/commit/tensorHash.ts';
import { tensorRoot } from '../../src/commit/tensorRoot.ts';
import { traceRoot } from '../../src/commit/traceTree.ts';
import { checkForgeVectors } from './checkForgeVectors.ts';
import { randomTensor } from './arbitraries.ts';

const hex0x = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');

function vectors() {
  const ts = [randomTensor('int8', [3, 5], 1), randomTensor('int32', [70], 2), randomTensor('int8', [], 3)];
  return {
    leafSize: LEAF_SIZE,
    tensors: ts.map((t) => ({ dtype: t.dtype === 'int8' ? 1 : 2, shape: [...t.shape], data: hex0x(tensorBytes(t)), root: hex0x(tensorRoot(t)), tensorHash: hex0x(tensorHash(t)) })),
    traceRoot: hex0x(traceRoot(ts.map((t) => tensorHash(t)))),
  };
}

test('the Solidity->TS checker accepts matching vectors and catches any mismatch', () => {
  assert.equal(checkForgeVectors(JSON.stringify(vectors())), 3);
  const badRoot = vectors();
  badRoot.tensors[1].root = badRoot.tensors[0].root;
  assert.throws(() => checkForgeVectors(JSON.stringify(badRoot)), /tensor 1 .*root differs/);
  const badShape = vectors();
  badShape.tensors[0].shape = [5, 3];
  assert.throws(() => checkForgeVectors(JSON.stringify(badShape)), /tensor hash differs/);
  const badTrace = vectors();
  badTrace.traceRoot = badTrace.tensors[0].tensorHash;
  assert.throws(() => checkForgeVectors(JSON.stringify(badTrace)), /trace root differs/);
  assert.throws(() => checkForgeVectors(JSON.stringify({ ...vectors(), leafSize: 1 })), /LEAF_SIZE/);
});
