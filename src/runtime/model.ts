import type { IntTensor } from './tensor.ts';

/**
 * A quantized model: integers only. This is what a .vouch file stores, what the model id
 * commits to and what the on-chain one-step verifier re-executes element by element.
 *
 * Values (the trace): values[0 .. inputs.length) are the model inputs; values[inputs.length + j]
 * is the output of ops[j]. Every value is an int8 tensor of the shape given here.
 */
export type QModel = {
  version: 1;
  inputs: { name: string; value: number; quant: Quant }[];
  outputs: { name: string; value: number; quant: Quant }[];
  values: { name: string; shape: number[] }[];
  constants: { name: string; tensor: IntTensor }[];
  ops: QOp[];
};

/**
 * Affine quantization of a boundary tensor: real = scale * (q - zeroPoint), with the scale
 * stored exactly as a fixed-point number scale = scaleMultiplier * 2^(scaleExponent - 31).
 */
export type Quant = { zeroPoint: number; scaleMultiplier: number; scaleExponent: number };

/** An op input: a trace value or a model constant. */
export type Ref = { value: number } | { constant: number };

/** Clamp of the requantized output in the int8 domain (fused Relu/Clip, else [-128, 127]). */
export type Activation = { actMin: number; actMax: number };

export type Window = {
  kernel: [number, number];
  strides: [number, number];
  /** [top, left, bottom, right] */
  pads: [number, number, number, number];
  dilations: [number, number];
  /** The depth axis of 3-D ops (inputs [N, C, D, H, W]); absent for 1-D and 2-D ops (= NO_DEPTH). */
  depth?: DepthWindow;
};

export type DepthWindow = { kernel: number; stride: number; padBegin: number; padEnd: number; dilation: number };

/** The identity depth window of 1-D and 2-D ops. */
export const NO_DEPTH: Readonly<DepthWindow> = { kernel: 1, stride: 1, padBegin: 0, padEnd: 0, dilation: 1 };

/** Per-output-channel requantization: int8 weights (symmetric), int32 bias, (multiplier, shift) per channel. */
export type ChannelParams = { weights: number; bias: number; multipliers: number; shifts: number };

export type QOp =
  | ({ kind: 'conv'; input: Ref; inputZp: number; outputZp: number; group: number } & ChannelParams & Window & Activation)
  | ({ kind: 'fc'; input: Ref; inputZp: number; outputZp: number } & ChannelParams & Activation)
  | ({ kind: 'matmul'; a: Ref; b: Ref; aZp: number; bZp: number; multiplier: number; shift: number; outputZp: number } & Activation)
  | ({
      kind: 'add';
      a: Ref;
      b: Ref;
      subtract: boolean;
      aZp: number;
      bZp: number;
      aMultiplier: number;
      aShift: number;
      bMultiplier: number;
      bShift: number;
      outMultiplier: number;
      outShift: number;
      outputZp: number;
    } & Activation)
  | ({ kind: 'mul'; a: Ref; b: Ref; aZp: number; bZp: number; multiplier: number; shift: number; outputZp: number } & Activation)
  | { kind: 'lut'; input: Ref; table: number }
  | { kind: 'softmax'; input: Ref; outer: number; n: number; inner: number; expTable: number }
  | ({ kind: 'maxPool'; input: Ref } & Window)
  | ({ kind: 'avgPool'; input: Ref; inputZp: number; outputZp: number; multiplier: number; shift: number; countIncludePad: boolean } & Window)
  | { kind: 'reshape'; input: Ref }
  | { kind: 'transpose'; input: Ref; perm: number[] };

export type QOpKind = QOp['kind'];

/** Left shift applied to both addends before rescaling (TFLite's choice: keeps 20 bits of headroom). */
export const ADD_LEFT_SHIFT = 20;

/** Softmax output quantization is fixed: scale 1/256, zero point -128. */
export const SOFTMAX_OUTPUT_ZERO_POINT = -128;
/** exp table entries are round(2^16 * exp(-scale * d)) for d = 0..255. */
export const SOFTMAX_EXP_ONE = 65536;
