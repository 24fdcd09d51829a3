import { QuantizationError } from '../errors.ts';
import type { FloatTensor } from '../onnx/float-tensor.ts';
import { NO_DEPTH, type FloatGraph, type FloatNode } from '../onnx/float-ops.ts';

/**
 * Rewrites a float graph into the op set the integer runtime implements:
 * Gemm/MatMul with constant weights -> fc (+ transpose of A, + add of a non-per-column C);
 * Gemm with two activations -> matmul (+ add); BatchNormalization -> depthwise 1x1 conv, folded
 * into a preceding conv/fc when it is that node's only consumer; Relu/Clip fused into the
 * producing conv/fc/matmul/add/sub/mul. Returns a new graph; the input graph is not changed.
 */
export function lowerGraph(graph: FloatGraph): FloatGraph {
  const g: FloatGraph = {
    inputs: graph.inputs,
    outputs: [...graph.outputs],
    constants: new Map(graph.constants),
    nodes: [],
    shapes: new Map(graph.shapes),
  };
  for (const node of graph.nodes) lowerNode(node, g);
  foldBatchNorms(g);
  fuseActivations(g);
  return g;
}

let fresh = 0;
function addConstant(g: FloatGraph, hint: string, t: FloatTensor): string {
  const name = `${hint}::const${fresh++}`;
  g.constants.set(name, t);
  g.shapes.set(name, t.dims);
  return name;
}

function transposed2d(t: FloatTensor): FloatTensor {
  const [r, c] = t.dims;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = t.data[i * c + j];
  return { dims: [c, r], data };
}

function lowerNode(node: FloatNode, g: FloatGraph): void {
  const op = node.op;
  if (op.kind === 'gemm') return lowerGemm(node, op, g);
  if (op.kind === 'matmul') {
    const w = g.constants.get(node.inputs[1]);
    if (w && w.dims.length === 2) {
      const weight = addConstant(g, node.name, scaled(transposed2d(w), op.alpha));
      g.nodes.push({ ...node, op: { kind: 'fc' }, inputs: [node.inputs[0], weight] });
      return;
    }
  }
  if (op.kind === 'batchNorm') {
    const [scale, bias, mean, variance] = node.inputs.slice(1).map((n) => g.constants.get(n)!);
    const c = scale.data.length;
    const a = new Float64Array(c);
    const b = new Float64Array(c);
    for (let i = 0; i < c; i++) {
      a[i] = scale.data[i] / Math.sqrt(variance.data[i] + op.epsilon);
      b[i] = bias.data[i] - mean.data[i] * a[i];
    }
    const w = addConstant(g, node.name, { dims: [c, 1, 1, 1], data: a });
    const bb = addConstant(g, node.name, { dims: [c], data: b });
    g.nodes.push({
      ...node,
      op: { kind: 'conv', group: c, kernel: [1, 1], strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], depth: NO_DEPTH },
      inputs: [node.inputs[0], w, bb],
    });
    return;
  }
  g.nodes.push({ ...node });
}

function scaled(t: FloatTensor, s: number): FloatTensor {
  return s === 1 ? t : { dims: t.dims, data: t.data.map((v) => v * s) };
}

function lowerGemm(node: FloatNode, op: Extract<FloatNode['op'], { kind: 'gemm' }>, g: FloatGraph): void {
  const [a, b, c] = node.inputs;
  const outShape = g.shapes.get(node.output)!;
  const [m, n] = outShape;
  let input = a;
  if (op.transA) input = transposeValue(g, node, a);
  const bConst = g.constants.get(b);
  const cConst = c ? g.constants.get(c) : undefined;
  const perColumn = cConst && (cConst.dims.length === 0 || cConst.dims[cConst.dims.length - 1] === n) && cConst.data.length <= n;
  const core = c ? `${node.output}::gemm_core` : node.output;
  if (bConst) {
    const weight = addConstant(g, node.name, scaled(op.transB ? bConst : transposed2d(bConst), op.alpha));
    const inputs = [input, weight];
    if (cConst && perColumn && op.beta !== 0) {
      const bias = new Float64Array(n);
      for (let j = 0; j < n; j++) bias[j] = op.beta * cConst.data[cConst.data.length === 1 ? 0 : j];
      inputs.push(addConstant(g, node.name, { dims: [n], data: bias }));
      g.nodes.push({ ...node, op: { kind: 'fc' }, inputs, output: node.output });
      return;
    }
    g.nodes.push({ ...node, op: { kind: 'fc' }, inputs, output: c && op.beta !== 0 ? core : node.output });
  } else {
    const bIn = op.transB ? transposeValue(g, node, b) : b;
    g.nodes.push({ ...node, op: { kind: 'matmul', alpha: op.alpha }, inputs: [input, bIn], output: c && op.beta !== 0 ? core : node.output });
  }
  if (!c || op.beta === 0) return;
  g.shapes.set(core, [m, n]);
  let addend = c;
  if (op.beta !== 1) {
    if (!cConst) throw new QuantizationError(`node '${node.name}' (Gemm): beta != 1 with a non-constant C is not supported`);
    addend = addConstant(g, node.name, scaled(cConst, op.beta));
  }
  g.nodes.push({ name: `${node.name}/bias`, onnxOp: 'Gemm', op: { kind: 'add' }, inputs: [core, addend], output: node.output });
}

function transposeValue(g: FloatGraph, node: FloatNode, value: string): string {
  const c = g.constants.get(value);
  if (c) return addConstant(g, node.name, transposed2d(c));
  const name = `${value}::T_for_${node.name}`;
  const [r, cols] = g.shapes.get(value)!;
  g.shapes.set(name, [cols, r]);
  g.nodes.push({ name: `${node.name}/transpose`, onnxOp: 'Gemm', op: { kind: 'transpose', perm: [1, 0] }, inputs: [value], output: name });
  return name;
}

function consumers(g: FloatGraph, value: string): FloatNode[] {
  return g.nodes.filter((n) => n.inputs.includes(value));
}

function soleConsumer(g: FloatGraph, producer: FloatNode): FloatNode | undefined {
  if (g.outputs.includes(producer.output)) return undefined;
  const cs = consumers(g, producer.output);
  return cs.length === 1 ? cs[0] : undefined;
}

/** Folds a per-channel affine (a depthwise 1x1 conv from BatchNorm) into the conv/fc that feeds it. */
function foldBatchNorms(g: FloatGraph): void {
  for (const bn of [...g.nodes]) {
    if (bn.onnxOp !== 'BatchNormalization' || bn.op.kind !== 'conv') continue;
    const producer = g.nodes.find((n) => n.output === bn.inputs[0]);
    if (!producer || (producer.op.kind !== 'conv' && producer.op.kind !== 'fc') || producer.act) continue;
    if (soleConsumer(g, producer) !== bn) continue;
    const a = g.constants.get(bn.inputs[1])!.data;
    const b = g.constants.get(bn.inputs[2])!.data;
    const w = g.constants.get(producer.inputs[1])!;
    const outChannels = w.dims[0];
    const perChannel = w.data.length / outChannels;
    const oldBias = producer.inputs[2] ? g.constants.get(producer.inputs[2])!.data : new Float64Array(outChannels);
    const weight = new Float64Array(w.data.length);
    for (let i = 0; i < w.data.length; i++) weight[i] = w.data[i] * a[Math.floor(i / perChannel)];
    const bias = new Float64Array(outChannels);
    for (let m = 0; m < outChannels; m++) bias[m] = oldBias[m] * a[m] + b[m];
    producer.inputs = [producer.inputs[0], addConstant(g, producer.name, { dims: w.dims, data: weight }), addConstant(g, producer.name, { dims: [outChannels], data: bias })];
    producer.output = bn.output;
    g.nodes.splice(g.nodes.indexOf(bn), 1);
  }
}

const FUSES_ACTIVATION = new Set(['conv', 'fc', 'matmul', 'add', 'sub', 'mul']);

/** Fuses Relu/Clip into its producer when the producer's output feeds nothing else. */
function fuseActivations(g: FloatGraph): void {
  for (const act of [...g.nodes]) {
    const op = act.op;
    if (op.kind !== 'relu' && op.kind !== 'clip') continue;
    const producer = g.nodes.find((n) => n.output === act.inputs[0]);
    if (!producer || !FUSES_ACTIVATION.has(producer.op.kind) || producer.act) continue;
    if (soleConsumer(g, producer) !== act) continue;
    producer.act = op.kind === 'clip' ? { min: op.min, max: op.max } : { min: 0, max: Infinity };
    producer.output = act.output;
    g.nodes.splice(g.nodes.indexOf(act), 1);
  }
}
