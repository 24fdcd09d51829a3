import { basename } from 'node:path';
import { bytesToHex, type Hex, toBytes } from 'viem';
import { canonicalize } from '../../commit/canonical/canonicalize.ts';
import type { CanonicalSpec } from '../../commit/canonical/constants.ts';
import { floatModelId } from '../../commit/floatModelId.ts';
import { sha256 } from '../../commit/sha256.ts';
import { loadFloatModel } from '../../runtime/float/loadFloatModel.ts';
import { runFloat } from '../../runtime/float/runFloat.ts';
import type { FloatModel, HostTensor } from '../../runtime/float/types.ts';
import type { ClaimProof } from '../../chain/actions/claimTask.ts';
import { encodeQuorumInputs } from '../quorum/quorumInputs.ts';
import { claimProofOf } from './claimProofOf.ts';

/**
 * A float ONNX model this node runs in sampled mode: the model, its id (floatModelId) and the
 * canonicalisation ModelRegistry fixed for it (what a claim's output hash is computed under).
 */
export type ServedFloatModel = { name: string; path: string; modelId: Hex; model: FloatModel; spec: CanonicalSpec };

/** Loads a float .onnx file and its id; the rule comes from the chain (ModelRegistry.floatCanonOf). */
export async function loadFloatFile(path: string): Promise<Omit<ServedFloatModel, 'spec'>> {
  const model = await loadFloatModel(path);
  return { name: basename(path).replace(/\.onnx$/, ''), path, modelId: bytesToHex(floatModelId(model.bytes)), model };
}

/**
 * A float task's input commitment, the same as a quorum task's (so an escalation quorum names
 * the very inputs of the claim): one input hash, the `exact` result hash of the input tensors,
 * and `inputData`, their `exact` canonical bytes, published with the task.
 */
export function floatTaskInputs(tensors: readonly HostTensor[]): { inputData: Hex; inputHash: Hex } {
  const { inputData, inputHashes } = encodeQuorumInputs(tensors);
  return { inputData, inputHash: inputHashes[0] };
}

/** Runs the model and hashes its outputs under the model's canonicalisation. */
export async function runFloatTask(served: Pick<ServedFloatModel, 'model' | 'spec'>, tensors: readonly HostTensor[]): Promise<{ outputs: HostTensor[]; resultHash: Hex }> {
  const outputs = await runFloat(served.model, tensors);
  return { outputs, resultHash: bytesToHex(canonicalize(served.spec, { tensors: outputs }).hash) };
}

/**
 * The claim of a float task: its "trace" is (input hash, result hash), a trace tree of two
 * leaves (src/commit), so Tasks checks it with the int8 claim's trace-end proofs unchanged.
 */
export function floatClaimProof(inputHash: Hex, resultHash: Hex): ClaimProof {
  return claimProofOf([inputHash, resultHash], 1);
}

/** The result hash a cheating worker (test mode) claims instead: a function of the true one. */
export function floatLie(resultHash: Hex): Hex {
  return bytesToHex(sha256(new Uint8Array([...toBytes('vouch:float-lie'), ...toBytes(resultHash)])));
}
