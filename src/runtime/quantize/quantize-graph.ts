import { QuantizationError } from '../errors.ts';
import type { FloatTensor } from '../onnx/float-tensor.ts';
import type { FloatGraph, FloatNode } from '../onnx/float-ops.ts';
import {
  ADD_LEFT_SHIFT,
  SOFTMAX_EXP_ONE,
  SOFTMAX_OUTPUT_ZERO_POINT,
  type Activation,
  type ChannelParams,
  type QModel,
  type QOp,
  type Window,
  NO_DEPTH,
  type Ref,
} from '../model.ts';
import { int32Tensor, int8Tensor, type IntTensor } from '../tensor.ts';
import type { Range } from './calibrate.ts';
import { chooseQuantParams, quantizeMultiplier, quantizeValue, storedQuant, type QuantParams } from './quant-params.ts';

const INT32_MAX = 2147483647;
const SOFTMAX_OUTPUT: QuantParams = { scale: 1 / 256, zeroPoint: SOFTMAX_OUTPUT_ZERO_POINT };

/** Turns a lowered, calibrated float graph into an integer-only QModel. */
export function quantizeGraph(g: FloatGraph, ranges: Map<string, Range>): QModel {
  const b = new ModelBuilder(g, ranges);
  for (const input of g.inputs) b.addValue(input.name, input.shape, b.calibrated(input.name));
  for (const node of g.nodes) b.addNode(node);
  return b.finish();
}

class ModelBuilder {
  private readonly values: QModel['values'] = [];
  private readonly valueIndex = new Map<string, number>();
  private readonly valueQuant = new Map<string, QuantParams>();
  private readonly constants: QModel['constants'] = [];
  private readonly constantOperands = new Map<string, { ref: Ref; q: QuantParams }>();
  private readonly ops: QOp[] = [];

  constructor(private readonly g: FloatGraph, private readonly ranges: Map<string, Range>) {}

  calibrated(name: string): QuantParams {
    const r = this.ranges.get(name);
    if (!r) throw new QuantizationError(`value '${name}' was never seen during calibration`);
    return chooseQuantParams(r.lo, r.hi, `value '${name}'`);
  }

  addValue(name: string, shape: number[], q: QuantParams): void {
    this.valueIndex.set(name, this.values.length);
    this.values.push({ name, shape });
    this.valueQuant.set(name, q);
  }

  private constant(name: string, tensor: IntTensor): number {
    this.constants.push({ name, tensor });
    return this.constants.length - 1;
  }

  /** An op input with its quantization: a trace value, or a constant quantized per tensor to int8. */
  private operand(name: string): { ref: Ref; q: QuantParams } {
    const v = this.valueIndex.get(name);
    if (v !== undefined) return { ref: { value: v }, q: this.valueQuant.get(name)! };
    const cached = this.constantOperands.get(name);
    if (cached) return cached;
    const t = this.g.constants.get(name);
    if (!t) throw new QuantizationError(`value '${name}' is neither computed nor constant`);
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of t.data) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    const q = chooseQuantParams(lo, hi, `constant '${name}'`);
    const data = Int8Array.from(t.data, (x) => quantizeValue(x, q));
    const result = { ref: { constant: this.constant(name, int8Tensor(t.dims, data)) }, q };
    this.constantOperands.set(name, result);
    return result;
  }

  addNode(node: FloatNode): void {
    const shape = this.g.shapes.get(node.output)!;
    const op = node.op;
    const input = () => this.operand(node.inputs[0]);
    switch (op.kind) {
      case 'maxPool':
      case 'reshape':
      case 'transpose': {
        const x = input();
        if (!('value' in x.ref)) throw new QuantizationError(`node '${node.name}': input must be computed, not constant`);
        const qop: QOp =
          op.kind === 'maxPool' ? { kind: 'maxPool', input: x.ref, ...window(op) }
          : op.kind === 'reshape' ? { kind: 'reshape', input: x.ref }
          : { kind: 'transpose', input: x.ref, perm: op.perm };
        return this.push(node, shape, qop, x.q);
      }
      case 'softmax': {
        const x = input();
        if (op.n > 32767) throw new QuantizationError(`node '${node.name}': softmax over ${op.n} > 32767 elements would overflow the int32 sum`);
        const table = Int32Array.from({ length: 256 }, (_, d) => Math.round(SOFTMAX_EXP_ONE * Math.exp(-x.q.scale * d)));
        const expTable = this.constant(`${node.output}::exp`, int32Tensor([256], table));
        return this.push(node, shape, { kind: 'softmax', input: x.ref, outer: op.outer, n: op.n, inner: op.inner, expTable }, SOFTMAX_OUTPUT);
      }
      default:
        break;
    }
    const out = this.calibrated(node.output);
    const act = activation(node, out);
    switch (op.kind) {
      case 'conv':
      case 'fc': {
        const x = input();
        const params = this.channelParams(node, x.q, out);
        const base = { input: x.ref, inputZp: x.q.zeroPoint, outputZp: out.zeroPoint, ...params, ...act };
        return this.push(node, shape, op.kind === 'conv' ? { kind: 'conv', group: op.group, ...window(op), ...base } : { kind: 'fc', ...base }, out);
      }
      case 'matmul': {
        const [a, b] = node.inputs.map((n) => this.operand(n));
        const k = this.g.shapes.get(node.inputs[0])!.at(-1)!;
        if (k * 255 * 255 > INT32_MAX) throw new QuantizationError(`node '${node.name}': inner dimension ${k} could overflow the int32 accumulator (max ${Math.floor(INT32_MAX / 65025)})`);
        const m = quantizeMultiplier((op.alpha * a.q.scale * b.q.scale) / out.scale, `node '${node.name}'`);
        if (op.alpha < 0) throw new QuantizationError(`node '${node.name}': negative alpha is not supported`);
        return this.push(node, shape, { kind: 'matmul', a: a.ref, b: b.ref, aZp: a.q.zeroPoint, bZp: b.q.zeroPoint, ...m, outputZp: out.zeroPoint, ...act }, out);
      }
      case 'add':
      case 'sub': {
        const [a, b] = node.inputs.map((n) => this.operand(n));
        const twiceMax = 2 * Math.max(a.q.scale, b.q.scale);
        const am = quantizeMultiplier(a.q.scale / twiceMax, `node '${node.name}'`);
        const bm = quantizeMultiplier(b.q.scale / twiceMax, `node '${node.name}'`);
        const om = quantizeMultiplier(twiceMax / (2 ** ADD_LEFT_SHIFT * out.scale), `node '${node.name}'`);
        return this.push(node, shape, {
          kind: 'add', a: a.ref, b: b.ref, subtract: op.kind === 'sub', aZp: a.q.zeroPoint, bZp: b.q.zeroPoint,
          aMultiplier: am.multiplier, aShift: am.shift, bMultiplier: bm.multiplier, bShift: bm.shift,
          outMultiplier: om.multiplier, outShift: om.shift, outputZp: out.zeroPoint, ...act,
        }, out);
      }
      case 'avgPool': {
        const x = input();
        const m = quantizeMultiplier(x.q.scale / out.scale, `node '${node.name}'`);
        if ((op.depth ?? NO_DEPTH).kernel * op.kernel[0] * op.kernel[1] * 255 * 2 ** Math.max(m.shift, 0) > INT32_MAX) throw new QuantizationError(`node '${node.name}': window too large for its rescaling`);
        return this.push(node, shape, { kind: 'avgPool', input: x.ref, inputZp: x.q.zeroPoint, outputZp: out.zeroPoint, ...m, countIncludePad: op.countIncludePad, ...window(op) }, out);
      }
      case 'mul': {
        const [a, b] = node.inputs.map((n) => this.operand(n));
        const m = quantizeMultiplier((a.q.scale * b.q.scale) / out.scale, `node '${node.name}'`);
        return this.push(node, shape, { kind: 'mul', a: a.ref, b: b.ref, aZp: a.q.zeroPoint, bZp: b.q.zeroPoint, ...m, outputZp: out.zeroPoint, ...act }, out);
      }
      case 'relu':
      case 'neg':
      case 'sigmoid':
      case 'tanh':
      case 'identity':
      case 'leakyRelu':
      case 'clip': {
        const x = input();
        const f = unaryFunction(op);
        const data = Int8Array.from({ length: 256 }, (_, i) => quantizeValue(f(x.q.scale * (i - 128 - x.q.zeroPoint)), out));
        const table = this.constant(`${node.output}::lut`, int8Tensor([256], data));
        return this.push(node, shape, { kind: 'lut', input: x.ref, table }, out);
      }
      default:
        throw new QuantizationError(`node '${node.name}': op ${op.kind} must be lowered before quantization`);
    }
  }

  /** Per-output-channel symmetric int8 weights, int32 bias and requantization for conv / fc. */
  private channelParams(node: FloatNode, inQ: QuantParams, outQ: QuantParams): ChannelParams {
    const w = this.g.constants.get(node.inputs[1]) as FloatTensor;
    const bias = node.inputs[2] ? this.g.constants.get(node.inputs[2]) : undefined;
    const channels = w.dims[0];
    const k = w.data.length / channels;
    const qw = new Int8Array(w.data.length);
    const qb = new Int32Array(channels);
    const mults = new Int32Array(channels);
    const shifts = new Int32Array(channels);
    for (let m = 0; m < channels; m++) {
      let maxAbs = 0;
      for (let i = 0; i < k; i++) maxAbs = Math.max(maxAbs, Math.abs(w.data[m * k + i]));
      const ws = maxAbs > 0 ? maxAbs / 127 : 1;
      for (let i = 0; i < k; i++) qw[m * k + i] = Math.round(w.data[m * k + i] / ws);
      const bq = bias ? Math.round(bias.data[m] / (inQ.scale * ws)) : 0;
      // INVARIANT: the accumulator K*255*127 + |bias| stays inside int32, so kernels never wrap.
      if (k * 255 * 127 + Math.abs(bq) > INT32_MAX) {
        throw new QuantizationError(`node '${node.name}': channel ${m} could overflow the int32 accumulator (K = ${k}, bias ${bq})`);
      }
      qb[m] = bq;
      const mm = quantizeMultiplier((inQ.scale * ws) / outQ.scale, `node '${node.name}' channel ${m}`);
      mults[m] = mm.multiplier;
      shifts[m] = mm.shift;
    }
    return {
      weights: this.constant(`${node.name}::weights`, int8Tensor(w.dims, qw)),
      bias: this.constant(`${node.name}::bias`, int32Tensor([channels], qb)),
      multipliers: this.constant(`${node.name}::multipliers`, int32Tensor([channels], mults)),
      shifts: this.constant(`${node.name}::shifts`, int32Tensor([channels], shifts)),
    };
  }

  private push(node: FloatNode, shape: number[], op: QOp, q: QuantParams): void {
    this.ops.push(op);
    this.addValue(node.output, shape, q);
  }

  finish(): QModel {
    const boundary = (name: string) => {
      const value = this.valueIndex.get(name);
      if (value === undefined) throw new QuantizationError(`value '${name}' is not part of the quantized graph`);
      return { name, value, quant: storedQuant(this.valueQuant.get(name)!, `value '${name}'`) };
    };
    return {
      version: 1,
      inputs: this.g.inputs.map((i) => boundary(i.name)),
      outputs: this.g.outputs.map(boundary),
      values: this.values,
      constants: this.constants,
      ops: this.ops,
    };
  }
}

function window(op: Window): Window {
  const w: Window = { kernel: op.kernel, strides: op.strides, pads: op.pads, dilations: op.dilations };
  const d = op.depth ?? NO_DEPTH;
  const trivial = d.kernel === 1 && d.stride === 1 && d.dilation === 1 && d.padBegin === 0 && d.padEnd === 0;
  return trivial ? w : { ...w, depth: { ...d } };
}

function activation(node: FloatNode, out: QuantParams): Activation {
  if (!node.act) return { actMin: -128, actMax: 127 };
  const lo = node.act.min === -Infinity ? -128 : quantizeValue(node.act.min, out);
  const hi = node.act.max === Infinity ? 127 : quantizeValue(node.act.max, out);
  return { actMin: lo, actMax: hi };
}

function unaryFunction(op: FloatNode['op']): (x: number) => number {
  switch (op.kind) {
    case 'relu': return (x) => Math.max(0, x);
    case 'neg': return (x) => -x;
    case 'sigmoid': return (x) => 1 / (1 + Math.exp(-x));
    case 'tanh': return Math.tanh;
    case 'identity': return (x) => x;
    case 'leakyRelu': return (x) => (x >= 0 ? x : op.alpha * x);
    case 'clip': return (x) => Math.min(op.max, Math.max(op.min, x));
    default: throw new QuantizationError(`op ${op.kind} is not a unary op`);
  }
}
