import type { RawNode } from '../parse.ts';
import { broadcastShapes } from './elementwise.ts';
import { fail, present, type Handler } from './handler.ts';

export const gemm: Handler = (node, attrs, ctx) => {
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

export const matmul: Handler = (node, attrs, ctx) => {
  attrs.rejectUnknown();
  const [a, b] = node.inputs;
  const as = ctx.shapeOf(a);
  const bs = ctx.shapeOf(b);
  if (as.length < 2 || bs.length < 2) fail(node, '1-D MatMul operands are not supported; reshape them to 2-D');
  return { kind: 'op', op: { kind: 'matmul', alpha: 1 }, inputs: [a, b], shape: matmulShape(as, bs, node) };
};
