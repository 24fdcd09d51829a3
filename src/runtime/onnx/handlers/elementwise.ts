import type { RawNode } from '../parse.ts';
import { fail, prod, present, requireConstant, type Handler } from './handler.ts';

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

export const binary = (kind: 'add' | 'sub' | 'mul'): Handler => (node, attrs, ctx) => {
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

export const unary = (kind: 'relu' | 'sigmoid' | 'tanh' | 'neg'): Handler => (node, attrs, ctx) => {
  attrs.ignore('consumed_inputs');
  attrs.rejectUnknown();
  return { kind: 'op', op: { kind }, inputs: [node.inputs[0]], shape: ctx.shapeOf(node.inputs[0]) };
};

export const leakyRelu: Handler = (node, attrs, ctx) => {
  const alpha = attrs.float('alpha', 0.01);
  attrs.ignore('consumed_inputs');
  attrs.rejectUnknown();
  return { kind: 'op', op: { kind: 'leakyRelu', alpha }, inputs: [node.inputs[0]], shape: ctx.shapeOf(node.inputs[0]) };
};

export const clip: Handler = (node, attrs, ctx) => {
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

export const softmax: Handler = (node, attrs, ctx) => {
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
