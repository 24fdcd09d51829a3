import { InvalidGraphError, UnsupportedOnnxError } from '../errors.ts';
import { Attributes } from './attributes.ts';
import type { FloatTensor } from './float-tensor.ts';
import { NO_DEPTH, type FloatOp, type Window2d } from './float-ops.ts';
import type { RawNode } from './parse.ts';

/** What a handler may ask about the graph built so far. */
export type HandlerContext = {
  opset: number;
  shapeOf(name: string): number[];
  constantOf(name: string): FloatTensor | undefined;
};

/** The normalized result of one ONNX node: an op (or an alias / a constant) and its output shape. */
export type HandlerResult =
  | {
      kind: 'op';
      op: FloatOp;
      inputs: string[];
      shape: number[];
      /** Where an input must first be viewed under another shape (legacy broadcast), that shape. */
      inputViews?: (number[] | undefined)[];
    }
  | { kind: 'alias'; of: string }
  | { kind: 'constant'; value: FloatTensor };

type Handler = (node: RawNode, attrs: Attributes, ctx: HandlerContext) => HandlerResult;

const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

function fail(node: RawNode, problem: string): never {
  throw new UnsupportedOnnxError(node, problem);
}

function requireConstant(node: RawNode, ctx: HandlerContext, name: string, role: string): FloatTensor {
  const c = ctx.constantOf(name);
  if (!c) fail(node, `${role} '${name}' must be a constant (initializer or Constant node)`);
  return c;
}

function present(name: string | undefined): name is string {
  return name !== undefined && name !== '';
}

/** Numpy broadcasting of two shapes; throws on incompatible dims. */
export function broadcastShapes(a: number[], b: number[], node: RawNode): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) fail(node, `shapes [${a}] and [${b}] cannot be broadcast`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Spatial window attributes shared by Conv and the pools; 1-D ops become 2-D with height 1, 3-D ops add a depth axis. */
function window(node: RawNode, attrs: Attributes, inShape: number[], kernel: number[]): { win: Window2d; outSpatial: number[] } {
  const spatial = inShape.slice(2);
  if (spatial.length < 1 || spatial.length > 3) fail(node, `only 1-D, 2-D and 3-D spatial inputs are supported, got shape [${inShape}]`);
  const r = spatial.length;
  if (kernel.length !== r) fail(node, `kernel_shape [${kernel}] does not match ${r} spatial dims`);
  const strides = attrs.ints('strides', Array(r).fill(1));
  const dilations = attrs.ints('dilations', Array(r).fill(1));
  const autoPad = attrs.string('auto_pad', 'NOTSET');
  const ceilMode = attrs.int('ceil_mode', 0);
  let pads = attrs.ints('pads', Array(2 * r).fill(0));
  if (strides.length !== r || dilations.length !== r || pads.length !== 2 * r) fail(node, 'strides, dilations or pads have the wrong length');
  if ([...strides, ...dilations, ...kernel].some((v) => v < 1) || pads.some((p) => p < 0)) fail(node, 'strides, dilations and kernel must be >= 1 and pads >= 0');
  const outSpatial: number[] = [];
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = Array(2 * r).fill(0);
    for (let i = 0; i < r; i++) {
      const out = Math.ceil(spatial[i] / strides[i]);
      const total = Math.max(0, (out - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1 - spatial[i]);
      const small = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[i + r] = total - pads[i];
      outSpatial.push(out);
    }
  } else if (autoPad === 'VALID' || autoPad === 'NOTSET') {
    if (autoPad === 'VALID') pads = Array(2 * r).fill(0);
    for (let i = 0; i < r; i++) {
      const span = spatial[i] + pads[i] + pads[i + r] - dilations[i] * (kernel[i] - 1) - 1;
      if (span < 0) fail(node, `kernel larger than padded input along spatial dim ${i}`);
      let out = (ceilMode ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1;
      // With ceil_mode a last window that starts inside the end padding is dropped (as ONNX and PyTorch do).
      if (ceilMode && (out - 1) * strides[i] >= spatial[i] + pads[i]) out--;
      outSpatial.push(out);
    }
  } else {
    fail(node, `auto_pad '${autoPad}' is not supported`);
  }
  // Align to [depth, height, width]: missing leading axes are the identity window.
  const three = (v: number[], fill: number) => [...Array(3 - r).fill(fill), ...v] as [number, number, number];
  const [kd, kh, kw] = three(kernel, 1);
  const [sd, sh, sw] = three(strides, 1);
  const [dd, dh, dw] = three(dilations, 1);
  const [pd, pt, pl] = three(pads.slice(0, r), 0);
  const [pde, pb, pr] = three(pads.slice(r), 0);
  return {
    win: {
      kernel: [kh, kw], strides: [sh, sw], dilations: [dh, dw], pads: [pt, pl, pb, pr],
      depth: { kernel: kd, stride: sd, dilation: dd, padBegin: pd, padEnd: pde },
    },
    outSpatial,
  };
}

const conv: Handler = (node, attrs, ctx) => {
  const [x, w, b] = node.inputs;
  const xs = ctx.shapeOf(x);
  const weight = requireConstant(node, ctx, w, 'weight');
  const group = attrs.int('group', 1);
  const kernel = attrs.ints('kernel_shape', weight.dims.slice(2));
  const { win, outSpatial } = window(node, attrs, xs, kernel);
  attrs.rejectUnknown();
  const [m, cPerGroup] = weight.dims;
  if (weight.dims.length !== xs.length) fail(node, `weight rank ${weight.dims.length} does not match input rank ${xs.length}`);
  if (group < 1 || xs[1] % group !== 0 || m % group !== 0 || cPerGroup * group !== xs[1]) {
    fail(node, `group ${group} does not divide input channels ${xs[1]} and output channels ${m} consistently with weight shape [${weight.dims}]`);
  }
  if (present(b)) {
    const bias = requireConstant(node, ctx, b, 'bias');
    if (prod(bias.dims) !== m) fail(node, `bias has ${prod(bias.dims)} values, expected ${m}`);
  }
  return { kind: 'op', op: { kind: 'conv', group, ...win }, inputs: node.inputs.filter(present), shape: [xs[0], m, ...outSpatial] };
};

const pool = (kind: 'maxPool' | 'avgPool'): Handler => (node, attrs, ctx) => {
  if (node.outputs.filter(present).length > 1) fail(node, 'the Indices output is not supported');
  const xs = ctx.shapeOf(node.inputs[0]);
  const kernel = attrs.ints('kernel_shape', []);
  if (kernel.length === 0) fail(node, 'kernel_shape is required');
  const { win, outSpatial } = window(node, attrs, xs, kernel);
  const countIncludePad = attrs.int('count_include_pad', 0) === 1;
  const storageOrder = attrs.int('storage_order', 0);
  if (storageOrder !== 0) fail(node, 'storage_order 1 is not supported');
  attrs.rejectUnknown();
  const op: FloatOp = kind === 'maxPool' ? { kind, ...win } : { kind, countIncludePad, ...win };
  return { kind: 'op', op, inputs: [node.inputs[0]], shape: [xs[0], xs[1], ...outSpatial] };
};

const globalAveragePool: Handler = (node, attrs, ctx) => {
  attrs.rejectUnknown();
  const xs = ctx.shapeOf(node.inputs[0]);
  const spatial = xs.slice(2);
  if (spatial.length < 1 || spatial.length > 3) fail(node, `only 1-D, 2-D and 3-D spatial inputs are supported, got shape [${xs}]`);
  const [d, h, w] = [...Array(3 - spatial.length).fill(1), ...spatial];
  return {
    kind: 'op',
    op: { kind: 'avgPool', countIncludePad: false, kernel: [h, w], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], depth: { ...NO_DEPTH, kernel: d } },
    inputs: [node.inputs[0]],
    shape: [xs[0], xs[1], ...spatial.map(() => 1)],
  };
};

const gemm: Handler = (node, attrs, ctx) => {
  const alpha = attrs.float('alpha', 1);
  const beta = attrs.float('beta', 1);
  const transA = attrs.int('transA', 0) === 1;
  const transB = attrs.int('transB', 0) === 1;
  attrs.ignore('broadcast'); // opset < 7: C broadcasts when set; we accept any unidirectionally broadcastable C.
  attrs.rejectUnknown();
  const [a, b, c] = node.inputs;
  const as = ctx.shapeOf(a);
  const bs = ctx.shapeOf(b);
  if (as.length !== 2 || bs.length !== 2) fail(node, `A and B must be 2-D, got [${as}] and [${bs}]`);
  const [m, k] = transA ? [as[1], as[0]] : as;
  const [k2, n] = transB ? [bs[1], bs[0]] : bs;
  if (k !== k2) fail(node, `inner dimensions differ: ${k} vs ${k2}`);
  if (present(c)) {
    const cs = ctx.shapeOf(c);
    const out = broadcastShapes([m, n], cs, node);
    if (out[0] !== m || out[1] !== n) fail(node, `C of shape [${cs}] does not broadcast to [${m},${n}]`);
  }
  return { kind: 'op', op: { kind: 'gemm', alpha, beta, transA, transB }, inputs: node.inputs.filter(present), shape: [m, n] };
};

/** Numpy matmul shape rule, including 1-D promotion. */
export function matmulShape(as: number[], bs: number[], node: RawNode): number[] {
  if (as.length === 0 || bs.length === 0) fail(node, 'MatMul inputs must have rank >= 1');
  const a = as.length === 1 ? [1, as[0]] : as;
  const b = bs.length === 1 ? [bs[0], 1] : bs;
  if (a[a.length - 1] !== b[b.length - 2]) fail(node, `inner dimensions differ: [${as}] x [${bs}]`);
  const batch = broadcastShapes(a.slice(0, -2), b.slice(0, -2), node);
  const out = [...batch, a[a.length - 2], b[b.length - 1]];
  if (as.length === 1) out.splice(out.length - 2, 1);
  if (bs.length === 1) out.splice(out.length - 1, 1);
  return out;
}

const matmul: Handler = (node, attrs, ctx) => {
  attrs.rejectUnknown();
  const [a, b] = node.inputs;
  const as = ctx.shapeOf(a);
  const bs = ctx.shapeOf(b);
  if (as.length < 2 || bs.length < 2) fail(node, '1-D MatMul operands are not supported; reshape them to 2-D');
  return { kind: 'op', op: { kind: 'matmul', alpha: 1 }, inputs: [a, b], shape: matmulShape(as, bs, node) };
};

const binary = (kind: 'add' | 'sub' | 'mul'): Handler => (node, attrs, ctx) => {
  const legacyBroadcast = attrs.int('broadcast', 0);
  const axis = attrs.has('axis') ? attrs.int('axis', 0) : undefined;
  attrs.ignore('consumed_inputs');
  attrs.rejectUnknown();
  const [a, b] = node.inputs;
  const as = ctx.shapeOf(a);
  let bs = ctx.shapeOf(b);
  if (ctx.opset < 7) {
    if (legacyBroadcast === 0 && as.join() !== bs.join()) fail(node, `shapes [${as}] and [${bs}] differ and broadcast=0`);
    if (legacyBroadcast === 1 && axis !== undefined) {
      // Legacy broadcast aligns B's dims starting at `axis` of A; pad B with ones to numpy form.
      const ax = axis < 0 ? axis + as.length : axis;
      if (ax < 0 || ax + bs.length > as.length) fail(node, `axis ${axis} does not fit B of shape [${bs}] into A of shape [${as}]`);
      bs = [...bs, ...Array(as.length - ax - bs.length).fill(1)];
      const out = broadcastShapes(as, bs, node);
      return { kind: 'op', op: { kind }, inputs: [a, b], shape: out, inputViews: [undefined, bs] };
    }
  }
  return { kind: 'op', op: { kind }, inputs: [a, b], shape: broadcastShapes(as, bs, node) };
};

const unary = (kind: 'relu' | 'sigmoid' | 'tanh' | 'neg'): Handler => (node, attrs, ctx) => {
  attrs.ignore('consumed_inputs');
  attrs.rejectUnknown();
  return { kind: 'op', op: { kind }, inputs: [node.inputs[0]], shape: ctx.shapeOf(node.inputs[0]) };
};

const leakyRelu: Handler = (node, attrs, ctx) => {
  const alpha = attrs.float('alpha', 0.01);
  attrs.ignore('consumed_inputs');
  attrs.rejectUnknown();
  return { kind: 'op', op: { kind: 'leakyRelu', alpha }, inputs: [node.inputs[0]], shape: ctx.shapeOf(node.inputs[0]) };
};

const clip: Handler = (node, attrs, ctx) => {
  let min = -Infinity;
  let max = Infinity;
  if (ctx.opset < 11) {
    min = attrs.float('min', -3.4028234663852886e38);
    max = attrs.float('max', 3.4028234663852886e38);
    attrs.ignore('consumed_inputs');
  } else {
    const [, lo, hi] = node.inputs;
    if (present(lo)) min = requireConstant(node, ctx, lo, 'min').data[0];
    if (present(hi)) max = requireConstant(node, ctx, hi, 'max').data[0];
  }
  attrs.rejectUnknown();
  if (min > max) fail(node, `min ${min} is greater than max ${max}`);
  return { kind: 'op', op: { kind: 'clip', min, max }, inputs: [node.inputs[0]], shape: ctx.shapeOf(node.inputs[0]) };
};

const softmax: Handler = (node, attrs, ctx) => {
  const xs = ctx.shapeOf(node.inputs[0]);
  const legacy = ctx.opset < 13;
  const axisAttr = attrs.int('axis', legacy ? 1 : -1);
  attrs.rejectUnknown();
  const axis = axisAttr < 0 ? axisAttr + xs.length : axisAttr;
  if (axis < 0 || axis >= xs.length) fail(node, `axis ${axisAttr} is out of range for shape [${xs}]`);
  const outer = prod(xs.slice(0, axis));
  // Before opset 13 Softmax coerces the input to 2-D at `axis`; since 13 it normalizes along one axis.
  const n = legacy ? prod(xs.slice(axis)) : xs[axis];
  const inner = legacy ? 1 : prod(xs.slice(axis + 1));
  return { kind: 'op', op: { kind: 'softmax', outer, n, inner }, inputs: [node.inputs[0]], shape: xs };
};

const batchNorm: Handler = (node, attrs, ctx) => {
  const epsilon = attrs.float('epsilon', 1e-5);
  if (attrs.int('spatial', 1) !== 1) fail(node, 'spatial=0 is not supported');
  if (attrs.int('training_mode', 0) !== 0) fail(node, 'training_mode=1 is not supported (inference only)');
  attrs.ignore('momentum', 'is_test', 'consumed_inputs');
  attrs.rejectUnknown();
  if (node.outputs.filter(present).length > 1) fail(node, 'training outputs (running mean/var) are not supported');
  const xs = ctx.shapeOf(node.inputs[0]);
  for (const [i, role] of ['scale', 'B', 'mean', 'var'].entries()) {
    const t = requireConstant(node, ctx, node.inputs[i + 1], role);
    if (prod(t.dims) !== xs[1]) fail(node, `${role} has ${prod(t.dims)} values, expected ${xs[1]} channels`);
  }
  return { kind: 'op', op: { kind: 'batchNorm', epsilon }, inputs: node.inputs.slice(0, 5), shape: xs };
};

const flatten: Handler = (node, attrs, ctx) => {
  const xs = ctx.shapeOf(node.inputs[0]);
  const a = attrs.int('axis', 1);
  attrs.rejectUnknown();
  const axis = a < 0 ? a + xs.length : a;
  if (axis < 0 || axis > xs.length) fail(node, `axis ${a} is out of range for shape [${xs}]`);
  return { kind: 'op', op: { kind: 'reshape' }, inputs: [node.inputs[0]], shape: [prod(xs.slice(0, axis)), prod(xs.slice(axis))] };
};

const reshape: Handler = (node, attrs, ctx) => {
  const xs = ctx.shapeOf(node.inputs[0]);
  let target: number[];
  if (ctx.opset < 5) {
    target = attrs.ints('shape', []);
    attrs.ignore('consumed_inputs');
  } else {
    target = Array.from(requireConstant(node, ctx, node.inputs[1], 'shape').data);
  }
  const allowZero = attrs.int('allowzero', 0) === 1;
  attrs.rejectUnknown();
  const out = target.map((d, i) => (d === 0 && !allowZero ? xs[i] : d));
  const known = prod(out.filter((d) => d !== -1));
  const inferred = out.filter((d) => d === -1).length;
  if (inferred > 1) fail(node, `shape [${target}] has more than one -1`);
  if (inferred === 1) out[out.indexOf(-1)] = prod(xs) / known;
  if (prod(out) !== prod(xs) || out.some((d) => !Number.isInteger(d) || d < 0)) fail(node, `cannot reshape [${xs}] to [${target}]`);
  return { kind: 'op', op: { kind: 'reshape' }, inputs: [node.inputs[0]], shape: out };
};

const transpose: Handler = (node, attrs, ctx) => {
  const xs = ctx.shapeOf(node.inputs[0]);
  const perm = attrs.ints('perm', xs.map((_, i) => xs.length - 1 - i));
  attrs.rejectUnknown();
  if (perm.length !== xs.length || [...perm].sort().some((p, i) => p !== i)) fail(node, `perm [${perm}] is not a permutation of ${xs.length} axes`);
  return { kind: 'op', op: { kind: 'transpose', perm }, inputs: [node.inputs[0]], shape: perm.map((p) => xs[p]) };
};

const identity: Handler = (node, attrs) => {
  attrs.rejectUnknown();
  return { kind: 'alias', of: node.inputs[0] };
};

const dropout: Handler = (node, attrs, ctx) => {
  attrs.ignore('ratio', 'is_test', 'seed', 'consumed_inputs');
  attrs.rejectUnknown();
  const training = node.inputs[2];
  if (present(training) && ctx.constantOf(training)?.data[0] !== 0) fail(node, 'training_mode must be a constant false for inference');
  if (node.outputs.filter(present).length > 1 && ctx.opset >= 7) fail(node, 'the mask output is not supported');
  return { kind: 'alias', of: node.inputs[0] };
};

const constant: Handler = (node, attrs) => {
  const t = attrs.tensor('value');
  const f = attrs.has('value_float') ? attrs.float('value_float', 0) : undefined;
  const fs = attrs.has('value_floats') ? attrs.ints('value_floats', []) : undefined;
  const i = attrs.has('value_int') ? attrs.int('value_int', 0) : undefined;
  const is = attrs.has('value_ints') ? attrs.ints('value_ints', []) : undefined;
  attrs.rejectUnknown();
  if (t) return { kind: 'constant', value: t };
  if (f !== undefined || i !== undefined) return { kind: 'constant', value: { dims: [], data: Float64Array.of((f ?? i)!) } };
  const list = fs ?? is;
  if (list) return { kind: 'constant', value: { dims: [list.length], data: Float64Array.from(list) } };
  fail(node, 'no supported value attribute (value, value_float(s), value_int(s))');
};

// Shape arithmetic that exporters emit around Reshape (Shape -> Gather -> Unsqueeze -> Concat):
// shapes are static, so these fold to constants at import. Squeeze/Unsqueeze of an activation
// is a reshape; the others are accepted on constants only.

const shapeOp: Handler = (node, attrs, ctx) => {
  const dims = ctx.shapeOf(node.inputs[0]);
  const norm = (a: number) => (a < 0 ? a + dims.length : a);
  const start = norm(attrs.int('start', 0));
  const end = attrs.has('end') ? norm(attrs.int('end', dims.length)) : dims.length;
  attrs.rejectUnknown();
  const picked = dims.slice(Math.max(0, start), Math.min(dims.length, end));
  return { kind: 'constant', value: { dims: [picked.length], data: Float64Array.from(picked) } };
};

function constantInputs(node: RawNode, ctx: HandlerContext): FloatTensor[] {
  return node.inputs.filter(present).map((name) => {
    const c = ctx.constantOf(name);
    if (!c) fail(node, `input '${name}' must be a constant: ${node.opType} is supported on shapes and constants only`);
    return c;
  });
}

const gather: Handler = (node, attrs, ctx) => {
  const axisAttr = attrs.int('axis', 0);
  attrs.rejectUnknown();
  const [data, indices] = constantInputs(node, ctx);
  const axis = axisAttr < 0 ? axisAttr + data.dims.length : axisAttr;
  const outer = prod(data.dims.slice(0, axis));
  const n = data.dims[axis];
  const inner = prod(data.dims.slice(axis + 1));
  const out = new Float64Array(outer * indices.data.length * inner);
  let o = 0;
  for (let a = 0; a < outer; a++)
    for (const raw of indices.data) {
      const i = raw < 0 ? raw + n : raw;
      if (i < 0 || i >= n) fail(node, `index ${raw} is out of range for axis of size ${n}`);
      for (let b = 0; b < inner; b++) out[o++] = data.data[(a * n + i) * inner + b];
    }
  return { kind: 'constant', value: { dims: [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)], data: out } };
};

const concat: Handler = (node, attrs, ctx) => {
  const axisAttr = attrs.int('axis', 0);
  attrs.rejectUnknown();
  const parts = constantInputs(node, ctx);
  const rank = parts[0].dims.length;
  const axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
  const outer = prod(parts[0].dims.slice(0, axis));
  const inner = prod(parts[0].dims.slice(axis + 1));
  const total = parts.reduce((a, p) => a + p.dims[axis], 0);
  const out = new Float64Array(outer * total * inner);
  let o = 0;
  for (let a = 0; a < outer; a++)
    for (const p of parts) {
      const len = p.dims[axis] * inner;
      out.set(p.data.subarray(a * len, (a + 1) * len), o);
      o += len;
    }
  const dims = [...parts[0].dims];
  dims[axis] = total;
  return { kind: 'constant', value: { dims, data: out } };
};

const cast: Handler = (node, attrs, ctx) => {
  const to = attrs.int('to', 1);
  attrs.ignore('saturate');
  attrs.rejectUnknown();
  const [x] = constantInputs(node, ctx);
  // Constants are held as float64; casts to integer types truncate toward zero as ONNX does.
  const integer = to !== 1 && to !== 10 && to !== 11 && to !== 16;
  return { kind: 'constant', value: { dims: x.dims, data: integer ? x.data.map(Math.trunc) : x.data } };
};

const squeezeLike = (kind: 'Squeeze' | 'Unsqueeze'): Handler => (node, attrs, ctx) => {
  const xs = ctx.shapeOf(node.inputs[0]);
  const axesInput = node.inputs[1];
  const axes = ctx.opset >= 13 && present(axesInput) ? Array.from(requireConstant(node, ctx, axesInput, 'axes').data) : attrs.ints('axes', []);
  attrs.rejectUnknown();
  let shape: number[];
  if (kind === 'Unsqueeze') {
    const rank = xs.length + axes.length;
    const norm = new Set(axes.map((a) => (a < 0 ? a + rank : a)));
    shape = [];
    for (let i = 0, j = 0; i < rank; i++) shape.push(norm.has(i) ? 1 : xs[j++]);
  } else {
    const norm = new Set(axes.map((a) => (a < 0 ? a + xs.length : a)));
    shape = xs.filter((d, i) => (norm.size === 0 ? d !== 1 : !norm.has(i)));
    if ([...norm].some((a) => xs[a] !== 1)) fail(node, `cannot squeeze axes [${axes}] of shape [${xs}]`);
  }
  return { kind: 'op', op: { kind: 'reshape' }, inputs: [node.inputs[0]], shape };
};

/** The op table: ONNX op type -> handler. Anything else is rejected by name. */
export const handlers: Record<string, Handler> = {
  Conv: conv,
  Gemm: gemm,
  MatMul: matmul,
  Add: binary('add'),
  Sub: binary('sub'),
  Mul: binary('mul'),
  Neg: unary('neg'),
  Relu: unary('relu'),
  Sigmoid: unary('sigmoid'),
  Tanh: unary('tanh'),
  LeakyRelu: leakyRelu,
  Clip: clip,
  Softmax: softmax,
  MaxPool: pool('maxPool'),
  AveragePool: pool('avgPool'),
  GlobalAveragePool: globalAveragePool,
  BatchNormalization: batchNorm,
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  Constant: constant,
  Identity: identity,
  Dropout: dropout,
  Shape: shapeOp,
  Gather: gather,
  Concat: concat,
  Cast: cast,
  Squeeze: squeezeLike('Squeeze'),
  Unsqueeze: squeezeLike('Unsqueeze'),
};

export function handlerFor(node: RawNode): Handler {
  if (node.domain && node.domain !== 'ai.onnx') fail(node, `custom domain '${node.domain}' is not supported`);
  const h = handlers[node.opType];
  if (!h) fail(node, `op ${node.opType} is not supported (supported: ${Object.keys(handlers).join(', ')})`);
  return h;
}

export function assertGraph(cond: unknown, message: string): asserts cond {
  if (!cond) throw new InvalidGraphError(message);
}
