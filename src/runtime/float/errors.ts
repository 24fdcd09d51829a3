import { VouchError } from '../../errors.ts';

/** The model cannot be read or is not an ONNX model onnxruntime-web can load. */
export class FloatModelLoadError extends VouchError {
  override name = 'FloatModelLoadError';
}

/** An input does not fit the model: missing or unknown name, dtype, rank, dim or element count. */
export class FloatInputError extends VouchError {
  override name = 'FloatInputError';
}

/** onnxruntime-web failed while running the model on inputs that passed the checks. */
export class FloatRunError extends VouchError {
  override name = 'FloatRunError';
}
