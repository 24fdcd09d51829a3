import type { RawNode } from '../parse.ts';
import { cast, concat, constant, gather, shapeOp } from './constants.ts';
import { batchNorm, conv, globalAveragePool, pool } from './conv-pool.ts';
import { binary, clip, leakyRelu, softmax, unary } from './elementwise.ts';
import { fail, type Handler } from './handler.ts';
import { dropout, flatten, identity, reshape, squeezeLike, transpose } from './layout.ts';
import { gemm, matmul } from './linear.ts';

export type { Handler, HandlerContext, HandlerResult } from './handler.ts';

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
