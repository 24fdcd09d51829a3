import { UnsupportedOnnxError } from '../../errors.ts';
import type { Attributes } from '../attributes.ts';
import type { FloatTensor } from '../float-tensor.ts';
import type { FloatOp } from '../float-ops.ts';
import type { RawNode } from '../parse.ts';

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

export type Handler = (node: RawNode, attrs: Attributes, ctx: HandlerContext) => HandlerResult;

export const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

export function fail(node: RawNode, problem: string): never {
  throw new UnsupportedOnnxError(node, problem);
}

export function requireConstant(node: RawNode, ctx: HandlerContext, name: string, role: string): FloatTensor {
  const c = ctx.constantOf(name);
  if (!c) fail(node, `${role} '${name}' must be a constant (initializer or Constant node)`);
  return c;
}

export function present(name: string | undefined): name is string {
  return name !== undefined && name !== '';
}

export function constantInputs(node: RawNode, ctx: HandlerContext): FloatTensor[] {
  return node.inputs.filter(present).map((name) => {
    const c = ctx.constantOf(name);
    if (!c) fail(node, `input '${name}' must be a constant: ${node.opType} is supported on shapes and constants only`);
    return c;
  });
}
