import { RuntimeInputError } from '../errors.ts';
import { evalFloatOp } from './float-eval.ts';
import type { FloatTensor } from './float-tensor.ts';
import type { FloatGraph } from './float-ops.ts';

/** Runs the float graph and returns every value by name (inputs, constants and node outputs). */
export function runFloatGraph(graph: FloatGraph, inputs: Float64Array[]): Map<string, FloatTensor> {
  if (inputs.length !== graph.inputs.length) {
    throw new RuntimeInputError(`the model takes ${graph.inputs.length} input(s), got ${inputs.length}`);
  }
  const values = new Map<string, FloatTensor>(graph.constants);
  graph.inputs.forEach((input, i) => {
    const n = input.shape.reduce((a, b) => a * b, 1);
    if (inputs[i].length !== n) throw new RuntimeInputError(`input '${input.name}' needs ${n} values for shape [${input.shape}], got ${inputs[i].length}`);
    values.set(input.name, { dims: input.shape, data: inputs[i] });
  });
  for (const node of graph.nodes) {
    const shape = graph.shapes.get(node.output)!;
    const data = evalFloatOp(node.op, node.inputs.map((n) => values.get(n)!), shape);
    if (node.act) for (let i = 0; i < data.length; i++) data[i] = Math.min(node.act.max, Math.max(node.act.min, data[i]));
    values.set(node.output, { dims: shape, data });
  }
  return values;
}
