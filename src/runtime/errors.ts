import { VouchError } from '../errors.ts';

/** The ONNX file cannot be decoded or is not a well-formed model. */
export class OnnxParseError extends VouchError {
  override name = 'OnnxParseError';
}

/** A node uses an op, attribute value or data type the importer does not support. */
export class UnsupportedOnnxError extends VouchError {
  override name = 'UnsupportedOnnxError';
  constructor(node: { name: string; opType: string }, problem: string) {
    super(`node '${node.name}' (${node.opType}): ${problem}`);
  }
}

/** The graph is well-formed ONNX but inconsistent (shapes, missing values). */
export class InvalidGraphError extends VouchError {
  override name = 'InvalidGraphError';
}

/** Quantization could not represent the model exactly within int32 bounds. */
export class QuantizationError extends VouchError {
  override name = 'QuantizationError';
}

/** A stored .vouch model is truncated, tampered with or of an unknown version. */
export class ModelFormatError extends VouchError {
  override name = 'ModelFormatError';
}

/** An input given to the runtime does not match the model (shape, dtype, range). */
export class RuntimeInputError extends VouchError {
  override name = 'RuntimeInputError';
}
