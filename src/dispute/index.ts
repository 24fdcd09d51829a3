// Entry point of the dispute layer (the one barrel file of src/dispute): pure functions that turn
// a model and a party's own trace into the arguments of DisputeGame's moves. No chain calls.
export { DisputeProofError } from './errors.ts';
export { recordStep, slotRefs, type StepInstance, type StepRead } from './recordStep.ts';
export { opDescriptorProof, type OpDescriptorProofReturnType } from './opDescriptorProof.ts';
export { tensorLeaf } from './tensorLeaf.ts';
export { differingElement } from './differingElement.ts';
export {
  modelStepProofAbiParameters,
  type LeafProof,
  type ModelStepProof,
  type OperandOpening,
} from './stepProofAbi.ts';
export { encodeStepProof } from './encodeStepProof.ts';
export { decodeStepProof } from './decodeStepProof.ts';
export { modelStepProof, type ModelStepProofParameters, type TraceNode } from './modelStepProof.ts';
export { buildStepProof, type BuildStepProofParameters, type BuildStepProofReturnType } from './buildStepProof.ts';
