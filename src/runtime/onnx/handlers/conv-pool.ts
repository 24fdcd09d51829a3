import { NO_DEPTH, type FloatOp } from '../float-ops.ts';
import { fail, prod, present, requireConstant, type Handler } from './handler.ts';
import { window } from './window.ts';

export const conv: Handler = (node, attrs, ctx) => {
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

export const pool = (kind: 'maxPool' | 'avgPool'): Handler => (node, attrs, ctx) => {
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

export const globalAveragePool: Handler = (node, attrs, ctx) => {
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

export const batchNorm: Handler = (node, attrs, ctx) => {
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
