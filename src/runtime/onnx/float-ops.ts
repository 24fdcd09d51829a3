/**
 * The importer's normalized float graph: every ONNX op is turned into one of these,
 * with all attributes resolved to their ONNX defaults. Shapes are static.
 */
export type Window2d = {
  kernel: [number, number];
  strides: [number, number];
  /** [top, left, bottom, right] */
  pads: [number, number, number, number];
  dilations: [number, number];
  /** The third spatial axis of 3-D ops (depth, before height); the identity window otherwise. */
  depth: DepthWindow;
};

export { NO_DEPTH, type DepthWindow } from '../model.ts';
import type { DepthWindow } from '../model.ts';

export type FloatOp =
  | ({ kind: 'conv'; group: number } & Window2d)
  | { kind: 'gemm'; alpha: number; beta: number; transA: boolean; transB: boolean }
  | { kind: 'matmul'; alpha: number }
  /** Lowered Gemm/MatMul with a constant weight: inputs [x [..., K], weight [N, K], bias [N]?]. */
  | { kind: 'fc' }
  | { kind: 'add' | 'sub' | 'mul' }
  | { kind: 'relu' | 'sigmoid' | 'tanh' | 'neg' | 'identity' }
  | { kind: 'leakyRelu'; alpha: number }
  | { kind: 'clip'; min: number; max: number }
  | { kind: 'softmax'; outer: number; n: number; inner: number }
  | ({ kind: 'maxPool' } & Window2d)
  | ({ kind: 'avgPool'; countIncludePad: boolean } & Window2d)
  | { kind: 'batchNorm'; epsilon: number }
  | { kind: 'reshape' }
  | { kind: 'transpose'; perm: number[] };

export type FloatNode = {
  /** The ONNX node name, kept for error messages and inspection. */
  name: string;
  onnxOp: string;
  op: FloatOp;
  inputs: string[];
  output: string;
  /** A Relu or Clip fused into this node: its output is clamped to [min, max]. */
  act?: { min: number; max: number };
};

export type FloatGraph = {
  inputs: { name: string; shape: number[] }[];
  outputs: string[];
  constants: Map<string, { dims: number[]; data: Float64Array }>;
  nodes: FloatNode[];
  shapes: Map<string, number[]>;
};
