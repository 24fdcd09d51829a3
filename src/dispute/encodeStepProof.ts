import { type Hex, encodeAbiParameters } from 'viem';
import { type ModelStepProof, modelStepProofAbiParameters } from './stepProofAbi.ts';

/** The `proof` bytes of a step: abi.encode(ModelStepProof). */
export function encodeStepProof(proof: ModelStepProof): Hex {
  return encodeAbiParameters(modelStepProofAbiParameters, [proof]);
}
