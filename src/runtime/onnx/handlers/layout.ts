import { fail, prod, present, requireConstant, type Handler } from './handler.ts';

export const flatten: Handler = (node, attrs, ctx) => {
  const xs = ctx.shapeOf(node.inputs[0]);
  const a = attrs.int('axis', 1);
  attrs.rejectUnknown();
  const axis = a < 0 ? a + xs.length : a;
  if (axis < 0 || axis > xs.length) fail(node, `axis ${a} is out of range for shape [${xs}]`);
  return { kind: 'op', op: { kind: 'reshape' }, inputs: [node.inputs[0]], shape: [prod(xs.slice(0, axis)), prod(xs.slice(axis))] };
};

export const reshape: Handler = (node, attrs, ctx) => {
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

export const transpose: Handler = (node, attrs, ctx) => {
  const xs = ctx.shapeOf(node.inputs[0]);
  const perm = attrs.ints('perm', xs.map((_, i) => xs.length - 1 - i));
  attrs.rejectUnknown();
  if (perm.length !== xs.length || [...perm].sort().some((p, i) => p !== i)) fail(node, `perm [${perm}] is not a permutation of ${xs.length} axes`);
  return { kind: 'op', op: { kind: 'transpose', perm }, inputs: [node.inputs[0]], shape: perm.map((p) => xs[p]) };
};

export const identity: Handler = (node, attrs) => {
  attrs.rejectUnknown();
  return { kind: 'alias', of: node.inputs[0] };
};

export const dropout: Handler = (node, attrs, ctx) => {
  attrs.ignore('ratio', 'is_test', 'seed', 'consumed_inputs');
  attrs.rejectUnknown();
  const training = node.inputs[2];
  if (present(training) && ctx.constantOf(training)?.data[0] !== 0) fail(node, 'training_mode must be a constant false for inference');
  if (node.outputs.filter(present).length > 1 && ctx.opset >= 7) fail(node, 'the mask output is not supported');
  return { kind: 'alias', of: node.inputs[0] };
};

export const squeezeLike = (kind: 'Squeeze' | 'Unsqueeze'): Handler => (node, attrs, ctx) => {
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
