import { type Hex, decodeAbiParameters } from 'viem';
import { type ModelStepProof, modelStepProofAbiParameters } from './stepProofAbi.ts';

/** Decodes the `proof` bytes of a step (what encodeStepProof wrote, or a proof seen on chain). */
export function decodeStepProof(proof: Hex): ModelStepProof {
  return decodeAbiParameters(modelStepProofAbiParameters, proof)[0];
}
