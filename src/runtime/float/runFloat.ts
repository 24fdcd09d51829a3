import type { Tensor } from 'onnxruntime-web';
import { FloatInputError, FloatRunError } from './errors.ts';
import { ortMessage } from './loadFloatModel.ts';
import { ort } from './ort.ts';
import type { FloatModel, FloatValueInfo, HostTensor, TensorData, TensorDType, TensorInput } from './types.ts';

/** Inputs in the model's input order, or by input name. */
export type RunFloatParameters = readonly TensorInput[] | Readonly<Record<string, TensorInput>>;
/** The outputs in the model's output order (`model.outputs[i]` names output i). */
export type RunFloatReturnType = Promise<HostTensor[]>;
export type RunFloatErrorType = FloatInputError | FloatRunError;

/**
 * Runs a float model. Every input is checked against the model's declaration first (names,
 * dtype, rank, fixed dims, one value per symbolic dim name, element count), so a bad input
 * fails with a FloatInputError naming it rather than an ORT message. Runs on one model are
 * queued: onnxruntime-web does not run one session twice at once.
 */
export function runFloat(model: FloatModel, inputs: RunFloatParameters): RunFloatReturnType {
  let feeds: Record<string, Tensor>;
  try {
    feeds = checkInputs(model, inputs);
  } catch (error) {
    return Promise.reject(error);
  }
  const run = model.queue.tail.then(async () => {
    let results: Record<string, Tensor>;
    try {
      results = (await model.session.run(feeds)) as Record<string, Tensor>;
    } catch (cause) {
      throw new FloatRunError('onnxruntime-web failed to run the model', { details: ortMessage(cause), cause });
    }
    return model.outputs.map((o) => {
      const t = results[o.name];
      return { dtype: t.type as TensorDType, dims: [...t.dims], data: t.data as TensorData };
    });
  });
  model.queue.tail = run.catch(() => undefined);
  return run;
}

function checkInputs(model: FloatModel, inputs: RunFloatParameters): Record<string, Tensor> {
  const byName = new Map<string, TensorInput>();
  if (typeof inputs !== 'object' || inputs === null) throw new FloatInputError(`inputs must be an array or an object by input name, got ${inputs === null ? 'null' : typeof inputs}`);
  if (Array.isArray(inputs)) {
    if (inputs.length !== model.inputs.length) {
      throw new FloatInputError(`the model takes ${model.inputs.length} input(s), got ${inputs.length}`, { details: `inputs: ${model.inputs.map((i) => i.name).join(', ')}` });
    }
    model.inputs.forEach((info, i) => byName.set(info.name, (inputs as readonly TensorInput[])[i]));
  } else {
    for (const [name, value] of Object.entries(inputs as Readonly<Record<string, TensorInput>>)) {
      if (!model.inputs.some((i) => i.name === name)) {
        throw new FloatInputError(`the model has no input '${name}'`, { details: `inputs: ${model.inputs.map((i) => i.name).join(', ')}` });
      }
      byName.set(name, value);
    }
  }
  const symbols = new Map<string, { value: number; input: string }>();
  const feeds: Record<string, Tensor> = {};
  for (const info of model.inputs) {
    const input = byName.get(info.name);
    if (input === undefined) throw new FloatInputError(`input '${info.name}' is missing`);
    checkShape(info, input, symbols);
    feeds[info.name] = new ort.Tensor(info.dtype, toTypedArray(info, input) as never, [...input.dims]);
  }
  return feeds;
}

function checkShape(info: FloatValueInfo, input: TensorInput, symbols: Map<string, { value: number; input: string }>): void {
  const name = `input '${info.name}'`;
  if (typeof input !== 'object' || input === null) throw new FloatInputError(`${name} must be a tensor { dtype, dims, data }`);
  if (!(Array.isArray(input.data) || ArrayBuffer.isView(input.data))) throw new FloatInputError(`${name}: data must be an array or a typed array`);
  if (input.dtype !== info.dtype) throw new FloatInputError(`${name} must be ${info.dtype}, got ${input.dtype}`);
  if (!Array.isArray(input.dims) || input.dims.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new FloatInputError(`${name}: dims must be non-negative integers, got [${String(input.dims)}]`);
  }
  const expected = info.shape;
  if (expected) {
    const shown = `[${expected.join(',')}]`;
    if (input.dims.length !== expected.length) throw new FloatInputError(`${name} must have rank ${expected.length} ${shown}, got [${input.dims.join(',')}]`);
    expected.forEach((dim, axis) => {
      const got = input.dims[axis];
      if (typeof dim === 'number' && dim >= 0) {
        if (got !== dim) throw new FloatInputError(`${name} must have dim ${dim} on axis ${axis} ${shown}, got [${input.dims.join(',')}]`);
      } else if (typeof dim === 'string' && dim !== '') {
        const seen = symbols.get(dim);
        if (seen && seen.value !== got) {
          throw new FloatInputError(`${name}: symbolic dim '${dim}' is ${got} on axis ${axis} but ${seen.value} in input '${seen.input}'`);
        }
        symbols.set(dim, { value: got, input: info.name });
      }
    });
  }
  const count = input.dims.reduce((a, b) => a * b, 1);
  if (input.data.length !== count) {
    throw new FloatInputError(`${name} with dims [${input.dims.join(',')}] needs ${count} elements, got ${input.data.length}`);
  }
}

type TypedCtor = { new (n: number): TensorData; name: string };
const ARRAY_OF: Record<TensorDType, TypedCtor> = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array,
};
const INT_RANGE: Partial<Record<TensorDType, [bigint, bigint]>> = {
  int8: [-128n, 127n], uint8: [0n, 255n], int16: [-32768n, 32767n], uint16: [0n, 65535n], float16: [0n, 65535n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n], uint32: [0n, 2n ** 32n - 1n], int64: [-(2n ** 63n), 2n ** 63n - 1n], uint64: [0n, 2n ** 64n - 1n], bool: [0n, 1n],
};

/** The input's data as the typed array ORT wants: a typed array of the right kind as is, plain numbers checked and converted. */
function toTypedArray(info: FloatValueInfo, input: TensorInput): TensorData {
  const Ctor = ARRAY_OF[info.dtype];
  const data = input.data;
  if (ArrayBuffer.isView(data)) {
    if (data.constructor !== Ctor) throw new FloatInputError(`input '${info.name}' (${info.dtype}) needs a ${Ctor.name}, got a ${data.constructor.name}`);
    return data;
  }
  const out = new Ctor(data.length);
  const range = INT_RANGE[info.dtype];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (range) {
      if (!(typeof v === 'bigint' || Number.isSafeInteger(v))) {
        throw new FloatInputError(`input '${info.name}' (${info.dtype}): element ${i} is ${String(v)}, not an integer`);
      }
      const b = BigInt(v);
      if (b < range[0] || b > range[1]) throw new FloatInputError(`input '${info.name}' (${info.dtype}): element ${i} = ${b} is out of range`);
      (out as unknown as (number | bigint)[])[i] = out instanceof BigInt64Array || out instanceof BigUint64Array ? b : Number(b);
    } else {
      if (typeof v !== 'number') throw new FloatInputError(`input '${info.name}' (${info.dtype}): element ${i} is not a number`);
      (out as Float32Array)[i] = v;
    }
  }
  return out;
}
