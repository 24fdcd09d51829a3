import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bytesToHex, hexToBytes } from 'viem';
import { elementProof } from '../../src/commit/elementProof.ts';
import { modelCommitment } from '../../src/commit/modelCommitment.ts';
import { descriptorBytes, opDescriptor } from '../../src/commit/opDescriptor.ts';
import { sha256 } from '../../src/commit/sha256.ts';
import { tensorTree } from '../../src/commit/tensorTree.ts';
import { verifyTraceProof } from '../../src/commit/verifyTraceProof.ts';
import { DisputeProofError, differingElement, opDescriptorProof, tensorLeaf } from '../../src/dispute/index.ts';
import { decodeVouchFile } from '../../src/model/vouch-file.ts';
import { int8Tensor } from '../../src/runtime/tensor.ts';

const model = decodeVouchFile(readFileSync(new URL('../../models/mnist-cnn.vouch', import.meta.url))).model;

test('opDescriptorProof: every op leaf H(0x04 || descriptor) verifies in opsRoot at its index', () => {
  const { opsRoot } = modelCommitment(model);
  for (let j = 0; j < model.ops.length; j++) {
    const { descriptor, proof } = opDescriptorProof(model, j);
    assert.deepEqual(descriptor, opDescriptor(model.ops[j], model.values[model.inputs.length + j].shape).map(BigInt));
    const bytes = descriptorBytes(descriptor.map(Number));
    const leaf = sha256(new Uint8Array([0x04, ...bytes]));
    const siblings = proof.map((h) => hexToBytes(h));
    assert.ok(verifyTraceProof(opsRoot, model.ops.length, { position: j, tensorHash: leaf, siblings }), `op ${j}`);
  }
  assert.throws(() => opDescriptorProof(model, model.ops.length), DisputeProofError);
});

test('tensorLeaf is the committed leaf; differingElement names the first differing element', () => {
  const data = Int8Array.from({ length: 600 }, (_, i) => (i * 7) % 256 - 128);
  const tensor = int8Tensor([600], data);
  const tree = tensorTree(tensor);
  for (const leafIndex of [0, 1, 2]) {
    assert.equal(tensorLeaf(tensor, leafIndex), bytesToHex(elementProof(tree, leafIndex * 256).leaf));
  }
  assert.throws(() => tensorLeaf(tensor, 3), DisputeProofError);
  const other = Int8Array.from(data);
  other[530] ^= 1;
  other[590] ^= 1;
  const theirs = int8Tensor([600], other);
  assert.equal(differingElement(2, tensorLeaf(tensor, 2), tensorLeaf(theirs, 2)), 530);
  assert.equal(differingElement(1, tensorLeaf(tensor, 1), tensorLeaf(theirs, 1)), undefined);
});
