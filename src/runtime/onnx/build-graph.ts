import { InvalidGraphError, UnsupportedOnnxError } from '../errors.ts';
import { Attributes } from './attributes.ts';
import { evalFloatOp } from './float-eval.ts';
import type { FloatTensor } from './float-tensor.ts';
import type { FloatGraph, FloatNode } from './float-ops.ts';
import { handlerFor } from './handlers/index.ts';
import type { RawModel, RawNode } from './parse.ts';

export type BuildGraphOptions = {
  /** Values for symbolic input dims by name; a symbolic leading dim defaults to `batch`. */
  dims?: Record<string, number>;
  batch?: number;
};

/**
 * Turns a parsed ONNX model into a normalized static float graph: shapes resolved,
 * Identity/Dropout aliased away, Constant nodes and constant-only subgraphs folded.
 */
export function buildGraph(raw: RawModel, options: BuildGraphOptions = {}): FloatGraph {
  const batch = options.batch ?? 1;
  const constants = new Map<string, FloatTensor>(raw.initializers);
  const shapes = new Map<string, number[]>();
  const aliases = new Map<string, string>();
  const resolve = (name: string) => aliases.get(name) ?? name;

  const inputs = raw.inputs.map((input) => {
    const shape = input.dims.map((d, i) => {
      if (typeof d === 'number') return d;
      const v = options.dims?.[d] ?? (i === 0 ? batch : undefined);
      if (v === undefined) throw new InvalidGraphError(`input '${input.name}' has symbolic dim '${d}' at position ${i}: give its size (dims: { ${d}: ... })`);
      return v;
    });
    shapes.set(input.name, shape);
    return { name: input.name, shape };
  });
  for (const [name, t] of constants) shapes.set(name, t.dims);

  const nodes: FloatNode[] = [];
  const ctxFor = () => ({
    opset: raw.opset,
    shapeOf: (name: string) => {
      const s = shapes.get(resolve(name));
      if (!s) throw new InvalidGraphError(`value '${name}' is used before it is produced`);
      return s;
    },
    constantOf: (name: string) => constants.get(resolve(name)),
  });

  for (const node of topologicalOrder(raw)) {
    const result = handlerFor(node)(node, new Attributes(node), ctxFor());
    const output = node.outputs[0];
    if (!output) throw new UnsupportedOnnxError(node, 'the node has no output');
    if (result.kind === 'alias') {
      aliases.set(output, resolve(result.of));
      continue;
    }
    if (result.kind === 'constant') {
      constants.set(output, result.value);
      shapes.set(output, result.value.dims);
      continue;
    }
    const ins = result.inputs.map((name, i) => viewed(resolve(name), result.inputViews?.[i], node, constants, shapes, nodes));
    if (ins.every((name) => constants.has(name))) {
      const data = evalFloatOp(result.op, ins.map((n) => constants.get(n)!), result.shape);
      constants.set(output, { dims: result.shape, data });
    } else {
      nodes.push({ name: node.name, onnxOp: node.opType, op: result.op, inputs: ins, output });
    }
    shapes.set(output, result.shape);
  }

  const outputs = raw.outputs.map((o) => {
    const name = resolve(o);
    if (!nodes.some((n) => n.output === name)) {
      throw new InvalidGraphError(`graph output '${o}' is not computed by any op (it is an input or a constant)`);
    }
    return name;
  });
  return { inputs, outputs, constants, nodes, shapes };
}

/** A value viewed under another shape: constants are reshaped in place, activations get a reshape op. */
function viewed(
  name: string,
  view: number[] | undefined,
  node: RawNode,
  constants: Map<string, FloatTensor>,
  shapes: Map<string, number[]>,
  nodes: FloatNode[],
): string {
  if (!view || shapes.get(name)?.join() === view.join()) return name;
  const viewName = `${name}::view_for_${node.name}`;
  const c = constants.get(name);
  if (c) constants.set(viewName, { dims: view, data: c.data });
  else nodes.push({ name: `${node.name}/broadcast_view`, onnxOp: 'Reshape', op: { kind: 'reshape' }, inputs: [name], output: viewName });
  shapes.set(viewName, view);
  return viewName;
}

/** ONNX requires topologically sorted nodes, but some exporters do not comply; sort when needed. */
function topologicalOrder(raw: RawModel): RawNode[] {
  const available = new Set<string>([...raw.inputs.map((i) => i.name), ...raw.initializers.keys(), '']);
  const pending = [...raw.nodes];
  const order: RawNode[] = [];
  while (pending.length > 0) {
    const i = pending.findIndex((n) => n.inputs.every((x) => available.has(x)));
    if (i < 0) {
      const n = pending[0];
      const missing = n.inputs.filter((x) => !available.has(x));
      throw new InvalidGraphError(`node '${n.name}' (${n.opType}) reads ${missing.map((m) => `'${m}'`).join(', ')}, which no node, input or initializer provides (or the graph has a cycle)`);
    }
    const [n] = pending.splice(i, 1);
    order.push(n);
    for (const o of n.outputs) available.add(o);
  }
  return order;
}
