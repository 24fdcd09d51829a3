import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as commit from '../../src/commit/index.ts';

// The public API of src/commit: changing it must be deliberate (update this list).
test('src/commit exports', () => {
  assert.deepEqual(Object.keys(commit).sort(), [
    'CommitFormatError', 'CommitIndexError', 'CommitProofShapeError', 'DTYPE_CODE', 'ELEMENT_SIZE', 'LEAF_DOMAIN', 'LEAF_SIZE',
    'NODE_DOMAIN', 'TENSOR_DOMAIN', 'TRACE_NODE_DOMAIN', 'buildMerkleTree', 'commitTrace', 'dataLeafCount', 'elementProof',
    'hashLeaf', 'hashNode', 'hashTensorHeader', 'nodeAt', 'nodeChildren', 'nodeProof', 'processProof', 'readElement',
    'tensorBytes', 'tensorHash', 'tensorRoot', 'tensorTree', 'traceProof', 'traceRoot', 'traceTree', 'treeDepth',
    'verifyElementProof', 'verifyNodeProof', 'verifyTraceProof', 'zeroHash',
  ]);
});
