import { RuntimeInputError } from './errors.ts';
import { runOp } from './kernels/index.ts';
import type { Operand } from './kernels/operands.ts';
import type { QModel, Ref } from './model.ts';
import { int8Tensor, sizeOf, type Int8Tensor } from './tensor.ts';

/**
 * An execution trace: every value of one run in trace order (the model inputs, then each op's
 * output in topological order). This is what the commitment layer hashes.
 */
export type Trace = Int8Tensor[];

export type OpRunner = (model: QModel, opIndex: number, source: (ref: Ref) => Operand) => Int8Array;

const referenceRunner: OpRunner = (model, j, source) => runOp(model.ops[j], source, model.values[model.inputs.length + j].shape);

/** Runs the integer model on int8 inputs and returns the whole trace. */
export function runModel(model: QModel, inputs: Int8Array[], runner: OpRunner = referenceRunner): Trace {
  if (inputs.length !== model.inputs.length) {
    throw new RuntimeInputError(`the model takes ${model.inputs.length} input(s), got ${inputs.length}`);
  }
  const trace: Trace = model.inputs.map((input, i) => {
    const shape = model.values[input.value].shape;
    if (inputs[i].length !== sizeOf(shape)) {
      throw new RuntimeInputError(`input '${input.name}' needs ${sizeOf(shape)} int8 values for shape [${shape}], got ${inputs[i].length}`);
    }
    return int8Tensor(shape, inputs[i]);
  });
  const source = (ref: Ref): Operand => ('value' in ref ? trace[ref.value] : model.constants[ref.constant].tensor);
  for (let j = 0; j < model.ops.length; j++) {
    trace.push(int8Tensor(model.values[model.inputs.length + j].shape, runner(model, j, source)));
  }
  return trace;
}

/** The model's output tensors from a trace. */
export function outputsOf(model: QModel, trace: Trace): Int8Tensor[] {
  return model.outputs.map((o) => trace[o.value]);
}
