import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as dispute from '../../src/dispute/index.ts';

// The public API of src/dispute: changing it must be deliberate (update this list).
test('src/dispute exports', () => {
  assert.deepEqual(Object.keys(dispute).sort(), [
    'DisputeProofError', 'buildStepProof', 'decodeStepProof', 'differingElement', 'encodeStepProof', 'modelStepProof',
    'modelStepProofAbiParameters', 'opDescriptorProof', 'recordStep', 'slotRefs', 'tensorLeaf',
  ]);
});
