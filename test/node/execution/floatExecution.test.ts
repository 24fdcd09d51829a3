import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bytesToHex, hexToBytes } from 'viem';
import { canonicalize } from '../../../src/commit/canonical/canonicalize.ts';
import { floatModelId } from '../../../src/commit/floatModelId.ts';
import { traceRoot } from '../../../src/commit/traceTree.ts';
import { verifyTraceProof } from '../../../src/commit/verifyTraceProof.ts';
import { mnistSplit } from '../../../src/data/mnist.ts';
import { floatClaimProof, floatLie, floatTaskInputs, loadFloatFile, runFloatTask } from '../../../src/node/execution/floatExecution.ts';
import { decodeQuorumInputs, encodeQuorumInputs } from '../../../src/node/quorum/quorumInputs.ts';

const MODEL = new URL('../../../models/mnist-cnn.onnx', import.meta.url).pathname;

describe('float execution (sampled mode for float models)', () => {
  const image = { dtype: 'float32' as const, dims: [1, 1, 28, 28], data: Float32Array.from(mnistSplit('test')[0].image) };

  test('a float task commits to its inputs exactly as a quorum task does (one exact hash, exact bytes published)', () => {
    const task = floatTaskInputs([image]);
    const quorum = encodeQuorumInputs([image]);
    assert.equal(task.inputHash, quorum.inputHashes[0]);
    assert.equal(task.inputData, quorum.inputData);
    assert.deepEqual(decodeQuorumInputs(task.inputData).inputHashes, [task.inputHash]);
  });

  test('the claim is a two-leaf trace (input hash, result hash): its root is src/commit\'s and both ends prove against it', () => {
    const input = bytesToHex(new Uint8Array(32).fill(1));
    const result = bytesToHex(new Uint8Array(32).fill(2));
    const p = floatClaimProof(input, result);
    assert.equal(p.outputHash, result);
    assert.deepEqual(p.inputHashes, [input]);
    assert.equal(p.traceRoot, bytesToHex(traceRoot([hexToBytes(input), hexToBytes(result)])));
    const root = hexToBytes(p.traceRoot);
    assert.ok(verifyTraceProof(root, 2, { position: 0, tensorHash: hexToBytes(input), siblings: p.inputProofs[0].map((s) => hexToBytes(s)) }));
    assert.ok(verifyTraceProof(root, 2, { position: 1, tensorHash: hexToBytes(result), siblings: p.outputProof.map((s) => hexToBytes(s)) }));
  });

  test('runFloatTask hashes the outputs under the model\'s rule; a lie differs and is deterministic', async () => {
    const file = await loadFloatFile(MODEL);
    assert.equal(file.modelId, bytesToHex(floatModelId(file.model.bytes)));
    const { outputs, resultHash } = await runFloatTask({ model: file.model, spec: { kind: 'top1' } }, [image]);
    assert.equal(resultHash, bytesToHex(canonicalize({ kind: 'top1' }, { tensors: outputs }).hash));
    assert.notEqual(floatLie(resultHash), resultHash);
    assert.equal(floatLie(resultHash), floatLie(resultHash));
  });
});
