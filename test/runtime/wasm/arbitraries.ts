/**
 * fast-check arbitraries for the wasm kernel tests. Shapes and scalars are drawn by fast-check
 * (so they shrink); bulk tensor data comes from a drawn seed and a "mode" that favours the int8
 * edges (-128, 127) and the int32 edges, so large K stays cheap to generate.
 */
import fc from 'fast-check';
import { createPrng } from '../../../scripts/lib/prng.ts';
import type { ConvCase, FcCase } from './conv-model.ts';
import { convOutSize } from './conv-model.ts';

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

export type Fill = { seed: number; mode: 'uniform' | 'edges' | 'mixed' | 'constant' };
export const fillArb: fc.Arbitrary<Fill> = fc.record({ seed: fc.nat(), mode: fc.constantFrom('uniform', 'edges', 'mixed', 'constant') });

/** Integers in [lo, hi] drawn by `fill`: edges mode picks lo or hi, mixed mode half edges. */
export function fillInts(fill: Fill, length: number, lo: number, hi: number): number[] {
  const prng = createPrng(fill.seed);
  const uniform = () => lo + Math.floor(prng.uniform() * (hi - lo + 1));
  const edge = () => (prng.uniform() < 0.5 ? lo : hi);
  const constant = prng.uniform() < 0.5 ? edge() : uniform();
  return Array.from({ length }, () => {
    switch (fill.mode) {
      case 'uniform': return uniform();
      case 'edges': return edge();
      case 'mixed': return prng.uniform() < 0.5 ? edge() : uniform();
      case 'constant': return constant;
    }
  });
}

const int8 = fc.oneof(fc.constantFrom(-128, 127, 0), fc.integer({ min: -128, max: 127 }));
const shiftArb = fc.oneof(fc.constantFrom(-31, 30, 0, 1), fc.integer({ min: -31, max: 30 }));

/** Activation clamp: full range, a fused Relu at the zero point, or any int8 interval. */
const actArb = fc.oneof(
  fc.constant<[number, number]>([-128, 127]),
  fc.tuple(int8, int8).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a])),
);

/** Multipliers: import-like [2^30, 2^31) most of the time, any int32 (INT32_MIN included) otherwise. */
const multiplierMode = fc.constantFrom('import', 'import', 'any');

type Requant = { multipliers: Int32Array; shifts: Int32Array; bias: Int32Array };

/** Per-channel requant params; bias limited so that the accumulator provably stays within int32. */
function requantArb(channels: number, k: number, maxAbsX: number, maxAbsW: number): fc.Arbitrary<Requant> {
  const limit = Math.max(0, INT32_MAX - k * maxAbsX * maxAbsW);
  return fc.record({ mode: multiplierMode, mults: fillArb, shifts: fc.array(shiftArb, { minLength: channels, maxLength: channels }), bias: fillArb }).map((r) => ({
    multipliers: Int32Array.from(r.mode === 'import' ? fillInts(r.mults, channels, 2 ** 30, INT32_MAX) : fillInts(r.mults, channels, INT32_MIN, INT32_MAX)),
    shifts: Int32Array.from(r.shifts),
    bias: Int32Array.from(fillInts(r.bias, channels, -limit, limit)),
  }));
}

export type ConvShape = {
  n: number; c: number; m: number; group: number; h: number; w: number;
  kernel: [number, number]; strides: [number, number]; pads: [number, number, number, number]; dilations: [number, number];
};

/** Regular, grouped and depthwise (with channel multiplier) convolutions, small spatial sizes. */
export const convShapeArb: fc.Arbitrary<ConvShape> = fc
  .record({
    kind: fc.constantFrom('regular', 'grouped', 'depthwise'),
    n: fc.integer({ min: 1, max: 2 }),
    cg: fc.integer({ min: 1, max: 9 }),
    mg: fc.integer({ min: 1, max: 9 }),
    groups: fc.integer({ min: 2, max: 4 }),
    h: fc.integer({ min: 1, max: 11 }),
    w: fc.integer({ min: 1, max: 11 }),
    kernel: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    pads: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
    dilations: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  })
  .map((s) => {
    const group = s.kind === 'regular' ? 1 : s.groups;
    const cg = s.kind === 'depthwise' ? 1 : s.cg;
    return { n: s.n, c: group * cg, m: group * s.mg, group, h: s.h, w: s.w, kernel: s.kernel, strides: s.strides, pads: s.pads, dilations: s.dilations };
  })
  .filter((s) => outSize(s)[0] >= 1 && outSize(s)[1] >= 1);

export function outSize(s: ConvShape): [number, number] {
  return [
    convOutSize(s.h, s.kernel[0], s.strides[0], s.pads[0], s.pads[2], s.dilations[0]),
    convOutSize(s.w, s.kernel[1], s.strides[1], s.pads[1], s.pads[3], s.dilations[1]),
  ];
}

/** A convolution case plus its input, for any shape arbitrary. */
export function convCaseArb(shapes: fc.Arbitrary<ConvShape> = convShapeArb): fc.Arbitrary<{ conv: ConvCase; input: Int8Array }> {
  return shapes.chain((s) => {
    const [oh, ow] = outSize(s);
    const k = (s.c / s.group) * s.kernel[0] * s.kernel[1];
    return fc
      .record({ inputZp: int8, outputZp: int8, act: actArb, weights: fillArb, input: fillArb, requant: requantArb(s.m, k, 255, 128) })
      .map((r) => ({
        conv: {
          inShape: [s.n, s.c, s.h, s.w], outShape: [s.n, s.m, oh, ow], group: s.group,
          kernel: s.kernel, strides: s.strides, pads: s.pads, dilations: s.dilations,
          inputZp: r.inputZp, outputZp: r.outputZp, actMin: r.act[0], actMax: r.act[1],
          weights: Int8Array.from(fillInts(r.weights, s.m * k, -128, 127)), ...r.requant,
        },
        input: Int8Array.from(fillInts(r.input, s.n * s.c * s.h * s.w, -128, 127)),
      }));
  });
}

/** Fully connected cases: rows x K -> rows x N, K up to maxK. */
export function fcCaseArb(maxK: number, maxRows = 4): fc.Arbitrary<{ fc: FcCase; input: Int8Array }> {
  return fc
    .record({ rows: fc.integer({ min: 1, max: maxRows }), k: fc.integer({ min: 1, max: maxK }), n: fc.integer({ min: 1, max: 13 }), batchDim: fc.boolean() })
    .chain((s) =>
      fc.record({ inputZp: int8, outputZp: int8, act: actArb, weights: fillArb, input: fillArb, requant: requantArb(s.n, s.k, 255, 128) }).map((r) => ({
        fc: {
          // Either [rows, K] or [1, rows, K]: fc treats all leading dims as rows.
          inShape: s.batchDim ? [1, s.rows, s.k] : [s.rows, s.k],
          outShape: s.batchDim ? [1, s.rows, s.n] : [s.rows, s.n],
          inputZp: r.inputZp, outputZp: r.outputZp, actMin: r.act[0], actMax: r.act[1],
          weights: Int8Array.from(fillInts(r.weights, s.n * s.k, -128, 127)), ...r.requant,
        },
        input: Int8Array.from(fillInts(r.input, s.rows * s.k, -128, 127)),
      })),
    );
}
