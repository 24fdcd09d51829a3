import type { Hex } from 'viem';
import { encodeStepProof } from './encodeStepProof.ts';
import { modelStepProof, type ModelStepProofParameters } from './modelStepProof.ts';

export type BuildStepProofParameters = ModelStepProofParameters;
export type BuildStepProofReturnType = Hex;

/**
 * The `proof` bytes for DisputeGame.step(gameId, proof) (ModelStepVerifier.computeElement):
 * everything the step needs, from the model and the prover's own trace. A prover other than the
 * worker passes the worker's bisection nodes (`workerTraceNodes`).
 */
export function buildStepProof(parameters: BuildStepProofParameters): BuildStepProofReturnType {
  return encodeStepProof(modelStepProof(parameters));
}
