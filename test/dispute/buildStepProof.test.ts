import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { type Address, BaseError, ContractFunctionRevertedError, type Hex, bytesToHex } from 'viem';
import { modelRegistryAbi, modelRegistryBytecode } from '../../src/chain/abis/ModelRegistry.ts';
import { modelStepVerifierAbi, modelStepVerifierBytecode } from '../../src/chain/abis/ModelStepVerifier.ts';
import { type StartAnvilReturnType, startAnvil } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import { deployContract } from '../../src/chain/transactions/deployContract.ts';
import { writeContract } from '../../src/chain/transactions/writeContract.ts';
import { nodeAt } from '../../src/commit/merkleTree.ts';
import { ioWords, modelCommitment } from '../../src/commit/modelCommitment.ts';
import { commitTrace, traceTree } from '../../src/commit/traceTree.ts';
import { mnistSplit } from '../../src/data/mnist.ts';
import {
  type ModelStepProof,
  type TraceNode,
  buildStepProof,
  decodeStepProof,
  encodeStepProof,
  modelStepProof,
} from '../../src/dispute/index.ts';
import { decodeVouchFile } from '../../src/model/vouch-file.ts';
import { quantizeInput } from '../../src/runtime/boundary.ts';
import { runOp } from '../../src/runtime/kernels/index.ts';
import type { Ref } from '../../src/runtime/model.ts';
import { runModel, type Trace } from '../../src/runtime/run-model.ts';
import { int8Tensor, sizeOf } from '../../src/runtime/tensor.ts';

// The step proof the dispute player sends, checked by the deployed ModelStepVerifier on a real
// anvil (what the node will do): every op of models/mnist-cnn.vouch on a real MNIST test digit,
// at the first, middle and last output element, against the registered model commitment.

const model = decodeVouchFile(readFileSync(new URL('../../models/mnist-cnn.vouch', import.meta.url))).model;
const commitment = modelCommitment(model);
const inputCount = model.inputs.length;
const traceLength = inputCount + model.ops.length;
const trace = runModel(model, [quantizeInput(model, 0, mnistSplit('test')[0].image)]);
const traceRoot = bytesToHex(commitTrace(trace).root);

type StepQuery = {
  opsRoot: Hex;
  constantsRoot: Hex;
  opCount: bigint;
  constantCount: bigint;
  inputCount: bigint;
  traceLength: bigint;
  traceRoot: Hex;
  opIndex: bigint;
  elementIndex: bigint;
};

/** A copy of a decoded proof that a test may change. */
const clone = (p: ModelStepProof): ModelStepProof => structuredClone(p) as ModelStepProof;

describe('buildStepProof against the deployed ModelStepVerifier (MNIST CNN, real digit)', () => {
  let anvil: StartAnvilReturnType;
  let client: VouchClients;
  let verifier: Address;
  let registered: { opsRoot: Hex; constantsRoot: Hex; opCount: number; constantCount: number; inputCount: number; traceLength: number };

  const query = (opIndex: number, elementIndex: number, root: Hex = traceRoot): StepQuery => ({
    opsRoot: registered.opsRoot,
    constantsRoot: registered.constantsRoot,
    opCount: BigInt(registered.opCount),
    constantCount: BigInt(registered.constantCount),
    inputCount: BigInt(registered.inputCount),
    traceLength: BigInt(registered.traceLength),
    traceRoot: root,
    opIndex: BigInt(opIndex),
    elementIndex: BigInt(elementIndex),
  });

  const computeElement = (q: StepQuery, proof: Hex) =>
    client.public.readContract({ address: verifier, abi: modelStepVerifierAbi, functionName: 'computeElement', args: [q, proof] });

  /** The custom error a call reverts with (decoded with the verifier's ABI). */
  async function revertName(call: Promise<unknown>): Promise<string> {
    try {
      await call;
    } catch (err) {
      const revert = err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
      assert.ok(revert instanceof ContractFunctionRevertedError, `not a contract revert: ${String(err)}`);
      return revert.data?.errorName ?? revert.signature ?? 'unknown';
    }
    assert.fail('the call did not revert');
  }

  before(async () => {
    anvil = await startAnvil();
    client = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey, chain: anvil.chainId });
    const [registry, deployed] = await Promise.all([
      deployContract(client, { abi: modelRegistryAbi, bytecode: modelRegistryBytecode, args: [], name: 'ModelRegistry' }),
      deployContract(client, { abi: modelStepVerifierAbi, bytecode: modelStepVerifierBytecode, args: [], name: 'ModelStepVerifier' }),
    ]);
    verifier = deployed.address;
    const modelId = bytesToHex(commitment.modelId);
    await writeContract(client, {
      address: registry.address,
      abi: modelRegistryAbi,
      functionName: 'register',
      args: [
        modelId,
        ioWords(model).map(BigInt),
        bytesToHex(commitment.opsRoot),
        bytesToHex(commitment.constantsRoot),
        model.ops.length,
        model.constants.length,
      ],
    });
    // The query carries what the game reads from the registry, never the prover's values.
    registered = await client.public.readContract({ address: registry.address, abi: modelRegistryAbi, functionName: 'modelOf', args: [modelId] });
    assert.equal(registered.traceLength, traceLength);
  });
  after(() => anvil?.stop());

  test('every op, first / middle / last element: the verifier returns the runtime value', async () => {
    const cases = model.ops.flatMap((_, j) => {
      const count = sizeOf(model.values[inputCount + j].shape);
      return [0, Math.floor(count / 2), count - 1].map((e) => ({ j, e }));
    });
    const values = await Promise.all(
      cases.map(({ j, e }) => computeElement(query(j, e), buildStepProof({ model, trace, opIndex: j, elementIndex: e, commitment }))),
    );
    cases.forEach(({ j, e }, i) => assert.equal(values[i], BigInt(trace[inputCount + j].data[e]), `op ${j} (${model.ops[j].kind}) element ${e}`));
  });

  // Tampered proofs, on every op at its middle element.
  for (const [j, op] of model.ops.entries()) {
    const e = Math.floor(sizeOf(model.values[inputCount + j].shape) / 2);
    const honest = () => modelStepProof({ model, trace, opIndex: j, elementIndex: e, commitment });

    test(`op ${j} (${op.kind}): a changed value, a missing leaf, a wrong descriptor, a non-agreed operand revert`, async () => {
      const base = honest();

      // A value the step reads, changed in its leaf: the leaf no longer hashes to its root.
      const value = clone(base);
      const bytes = value.step.leaves[0].leaf;
      (value.step.leaves[0] as { leaf: Hex }).leaf = `0x${(parseInt(bytes.slice(2, 4), 16) ^ 1).toString(16).padStart(2, '0')}${bytes.slice(4)}`;
      assert.equal(await revertName(computeElement(query(j, e), encodeStepProof(value))), 'CommitRootMismatch');

      // Without one of the leaves, an element the verifier's loop needs is held by none.
      const missing = clone(base);
      (missing.step as { leaves: readonly unknown[] }).leaves = missing.step.leaves.slice(1);
      assert.equal(await revertName(computeElement(query(j, e), encodeStepProof(missing))), 'ReadLeafMissing');

      // A leaf at another position of its tensor (an index the tensor has, or one past its end).
      const moved = clone(base);
      (moved.step.leaves[0] as { leafIndex: bigint }).leafIndex += 1n;
      assert.match(await revertName(computeElement(query(j, e), encodeStepProof(moved))), /^(CommitRootMismatch|CommitLeafOutOfRange)$/);

      // Another op's descriptor at this op's position (each op's descriptor is distinct).
      const other = modelStepProof({ model, trace, opIndex: (j + 1) % model.ops.length, elementIndex: 0, commitment });
      const descriptor = clone(base);
      (descriptor as { descriptor: Hex }).descriptor = other.descriptor;
      assert.equal(await revertName(computeElement(query(j, e), encodeStepProof(descriptor))), 'CommitRootMismatch');

      // The input operand (a trace value) proven at the disputed position itself: not agreed.
      const q = { ...query(j, e), inputCount: 0n };
      assert.equal(await revertName(computeElement(q, encodeStepProof(base))), 'StepOperandNotAgreed');
    });
  }

  // A lie at op j (carried on through the later ops): the challenger's proof of op j's element,
  // against the worker's root. Op 0's input path has siblings right of the disputed leaf (the
  // worker's later tensors), op 5's the disputed node itself.
  for (const [j, element] of [[0, 3000], [1, 700], [5, 3]] as const) {
    test(`a challenger proves op ${j} against the lying worker's trace root with the worker's bisection nodes`, async () => {
      const lied = inputCount + j;
      const liar: Trace = trace.slice(0, lied);
      const wrong = Int8Array.from(trace[lied].data);
      wrong[element] = wrong[element] === 127 ? 126 : wrong[element] + 1;
      liar.push(int8Tensor(trace[lied].shape, wrong));
      const source = (ref: Ref) => ('value' in ref ? liar[ref.value] : model.constants[ref.constant].tensor);
      for (let k = j + 1; k < model.ops.length; k++) {
        liar.push(int8Tensor(model.values[inputCount + k].shape, runOp(model.ops[k], source, model.values[inputCount + k].shape)));
      }
      const workerTree = traceTree(commitTrace(liar).tensorHashes);
      const workerRoot = bytesToHex(nodeAt(workerTree, 0, 0));
      // Bisection reveals both children of the worker's node at every level along the path to `lied`.
      const workerTraceNodes: TraceNode[] = [];
      for (let level = 1; level <= workerTree.depth; level++) {
        const parent = lied >> (workerTree.depth - level + 1);
        for (const index of [2 * parent, 2 * parent + 1]) workerTraceNodes.push({ level, index, hash: bytesToHex(nodeAt(workerTree, level, index)) });
      }
      const q = query(j, element, workerRoot);
      const proof = buildStepProof({ model, trace, opIndex: j, elementIndex: element, workerTraceNodes, commitment });
      assert.equal(await computeElement(q, proof), BigInt(trace[lied].data[element]));
      assert.notEqual(wrong[element], trace[lied].data[element]);
      // Its own tree's siblings on the disputed path are not the worker's.
      const own = buildStepProof({ model, trace, opIndex: j, elementIndex: element, commitment });
      assert.equal(await revertName(computeElement(q, own)), 'CommitRootMismatch');
    });
  }

  test('the encoding round-trips', () => {
    const p = modelStepProof({ model, trace, opIndex: 2, elementIndex: 100, commitment });
    assert.deepEqual(decodeStepProof(encodeStepProof(p)), p);
  });
});
