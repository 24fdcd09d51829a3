import { RuntimeInputError } from './errors.ts';
import type { QModel, Quant } from './model.ts';
import { quantParamsOf, quantizeValue } from './quantize/quant-params.ts';
import { sizeOf } from './tensor.ts';

/**
 * The float <-> int8 boundary of a model, on the client side of a task: real inputs become the
 * int8 tensor that is committed, and int8 outputs are read back as reals. Nothing here runs
 * inside the deterministic path.
 */
export function quantizeInput(model: QModel, index: number, data: ArrayLike<number>): Int8Array {
  const input = model.inputs[index];
  if (!input) throw new RuntimeInputError(`the model has no input #${index}`);
  const n = sizeOf(model.values[input.value].shape);
  if (data.length !== n) throw new RuntimeInputError(`input '${input.name}' needs ${n} values for shape [${model.values[input.value].shape}], got ${data.length}`);
  const q = quantParamsOf(input.quant);
  return Int8Array.from(data, (v) => {
    if (!Number.isFinite(v)) throw new RuntimeInputError(`input '${input.name}' holds a non-finite value (${v})`);
    return quantizeValue(v, q);
  });
}

export function dequantize(data: Int8Array, quant: Quant): Float64Array {
  const q = quantParamsOf(quant);
  return Float64Array.from(data, (v) => q.scale * (v - q.zeroPoint));
}
