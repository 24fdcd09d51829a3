import type { QOp } from '../model.ts';
import type { Arena } from './arena.ts';
import type { ConvGeometry } from './conv-geometry.ts';
import type { ConvPairsArgs } from './conv-threads.ts';
import type { KernelExports } from './kernels-module.ts';
import type { ConvPacking, PackedDepthwise, PackedTiles } from './pack-conv.ts';

type ConvOp = Extract<QOp, { kind: 'conv' }>;

/**
 * direct: stride-1 windows read the padded input in place; outputs are computed on the padded
 *   width (pw - ow wasted columns per row) and the valid ones gathered.
 * im2col: the window of every output position is copied out first (any stride); for regular
 *   and grouped convolutions into GEMM panels (8 positions x all of K, contiguous).
 */
export type ConvLayout = 'direct' | 'im2col';

/**
 * Direct when stride 1 and at most ~15% of the computed columns are padding: measured on this
 * machine, the copy of im2col costs about that much (3x3 convs: direct wins at 16x16 and up,
 * im2col at 8x8). Strided convolutions always copy.
 */
export function chooseLayout(g: ConvGeometry): ConvLayout {
  if (g.sh !== 1 || g.sw !== 1) return 'im2col';
  return (g.pw - g.ow) * 7 <= g.ow ? 'direct' : 'im2col';
}

const roundUp = (v: number, m: number) => Math.ceil(v / m) * m;

/**
 * One input channel per group and fewer than 4 outputs per group: the per-channel kernel. With
 * 4 or more (e.g. a first layer over one grey channel) the 4-channel tiles of convPairs win even
 * with half of each int16 pair zero.
 */
export function usesDepthwiseKernel(g: ConvGeometry): boolean {
  return g.cg === 1 && g.mg < 4;
}

/** The MAC loop of regular and grouped convolutions: kernels.convPairs, or a split of it across threads. */
export type ConvPairsFn = (...args: ConvPairsArgs) => void;

/** One convolution over all images of the batch with the wasm kernels; bit-identical to runConv. */
export function runConvWasm(
  k: KernelExports, arena: Arena, op: ConvOp, g: ConvGeometry, packing: ConvPacking, layout: ConvLayout, input: Int8Array,
  convPairs: ConvPairsFn = k.convPairs,
): Int8Array {
  if (layout === 'direct' && (g.sh !== 1 || g.sw !== 1)) throw new RangeError('the direct layout needs stride 1');
  const { n, c, h, w, m, oh, ow } = g;
  const run = usesDepthwiseKernel(g)
    ? depthwise(k, arena, op, g, packing.depthwise(), layout)
    : layout === 'direct' ? pairs(k, convPairs, arena, op, g, packing.pairs()) : panel(k, convPairs, arena, op, g, packing.panel());
  const [inP, outP] = run.scratch;
  arena.i8.set(input, inP);
  for (let ni = 0; ni < n; ni++) run.image(inP + ni * c * h * w, outP + ni * m * oh * ow);
  return arena.i8.slice(outP, outP + n * m * oh * ow);
}

/** Scratch for the input and output plus per-layout blocks; image(input, output) runs one image. */
type Plan = { scratch: number[]; image(input: number, output: number): void };

/** Direct layout, channel-paired padded planes read in place. */
function pairs(k: KernelExports, convPairs: ConvPairsFn, arena: Arena, op: ConvOp, g: ConvGeometry, p: PackedTiles): Plan {
  const { n, c, h, w, m, oh, ow, kh, kw, dh, dw, ph, pw, groups, cg, mg } = g;
  const pn = roundUp(oh * pw, 8);
  const pairsPerGroup = (cg + 1) >> 1;
  const groupBytes = pairsPerGroup * ph * pw * 4;
  const scratch = arena.scratch(n * c * h * w, n * m * oh * ow, groups * groupBytes + pn * 4, p.taps * 4, p.mPad * pn);
  const [, , padP, tapP, bufP] = scratch;
  const i32 = arena.i32;
  for (let t = 0; t < p.taps; t++) {
    const kx = t % kw;
    const ky = ((t - kx) / kw) % kh;
    const pair = (t - kx - ky * kw) / (kh * kw);
    i32[(tapP >> 2) + t] = ((pair * ph + ky * dh) * pw + kx * dw) * 4;
  }
  return {
    scratch,
    image(input, output) {
      k.packPaired(input, padP, groups, cg, h, w, g.pt, g.pl, ph, pw, op.inputZp);
      for (let gi = 0; gi < groups; gi++) {
        const params = gi * p.mPad * 4;
        convPairs(p.weights + gi * p.mTiles * p.taps * 16, padP + gi * groupBytes, 32, tapP, p.taps, pn, p.mTiles, p.mult + params, p.shift + params, p.lanes + params * 24, bufP, pn, op.outputZp, op.actMin, op.actMax);
        k.gatherRows(bufP, output + gi * mg * oh * ow, mg, oh, ow, pw, pn);
      }
    },
  };
}

/** im2col layout: plain padded planes copied into GEMM panels per group. */
function panel(k: KernelExports, convPairs: ConvPairsFn, arena: Arena, op: ConvOp, g: ConvGeometry, p: PackedTiles): Plan {
  const { n, c, h, w, m, oh, ow, kh, kw, sh, sw, dh, dw, ph, pw, groups, cg, mg } = g;
  const pn = roundUp(oh * ow, 8);
  const kSize = cg * kh * kw;
  const planeBytes = ph * pw * 2;
  const scratch = arena.scratch(n * c * h * w, n * m * oh * ow, c * planeBytes, (pn / 8) * p.taps * 32, p.taps * 8, p.taps * 4, p.mPad * pn);
  const [, , padP, colP, offP, tapP, bufP] = scratch;
  const i32 = arena.i32;
  for (let i = 0; i < p.taps * 2; i++) {
    const ki = Math.min(i, kSize - 1); // an odd K repeats its last offset (weight 0)
    const kx = ki % kw;
    const ky = ((ki - kx) / kw) % kh;
    const ci = (ki - kx - ky * kw) / (kh * kw);
    i32[(offP >> 2) + i] = ((ci * ph + ky * dh) * pw + kx * dw) * 2;
  }
  for (let t = 0; t < p.taps; t++) i32[(tapP >> 2) + t] = t * 32;
  return {
    scratch,
    image(input, output) {
      k.packPlain(input, padP, c, h, w, g.pt, g.pl, ph, pw, op.inputZp);
      for (let gi = 0; gi < groups; gi++) {
        k.im2colPanel(padP + gi * cg * planeBytes, colP, offP, p.taps, oh, ow, sh, sw, pw, pn);
        const params = gi * p.mPad * 4;
        convPairs(p.weights + gi * p.mTiles * p.taps * 16, colP, p.taps * 32, tapP, p.taps, pn, p.mTiles, p.mult + params, p.shift + params, p.lanes + params * 24, bufP, pn, op.outputZp, op.actMin, op.actMax);
        k.gatherRows(bufP, output + gi * mg * oh * ow, mg, oh, ow, ow, pn);
      }
    },
  };
}

/**
 * Depthwise: plain padded planes, read in place (stride 1: direct; horizontal stride 2: the
 * even-lane kernel, any vertical stride) or through a per-channel im2col (other strides).
 */
function depthwise(k: KernelExports, arena: Arena, op: ConvOp, g: ConvGeometry, p: PackedDepthwise, layout: ConvLayout): Plan {
  const { n, c, h, w, m, oh, ow, kh, kw, sh, sw, dh, dw, ph, pw, mg } = g;
  const direct = layout === 'direct';
  const stride2 = !direct && sw === 2;
  const rowPitch = direct ? pw : ow;
  const pn = roundUp(oh * rowPitch, 8);
  const planeBytes = ph * pw * 2;
  const copy = !direct && !stride2;
  const scratch = arena.scratch(n * c * h * w, n * m * oh * ow, c * planeBytes + pn * 2 + ow * 4, copy ? c * p.taps * pn * 2 : 0, p.taps * 4, p.taps * 4, stride2 ? 0 : m * pn);
  const [, , padP, colP, tapInP, tapColP, bufP] = scratch;
  const i32 = arena.i32;
  for (let t = 0; t < p.taps; t++) {
    i32[(tapInP >> 2) + t] = ((Math.floor(t / kw) * dh) * pw + (t % kw) * dw) * 2;
    i32[(tapColP >> 2) + t] = t * pn * 2;
  }
  return {
    scratch,
    image(input, output) {
      k.packPlain(input, padP, c, h, w, g.pt, g.pl, ph, pw, op.inputZp);
      if (stride2) {
        k.convDepthwiseS2(p.weights, padP, planeBytes, mg, tapInP, p.taps, m, oh, ow, sh, pw, p.bias, p.mult, p.shift, output, op.outputZp, op.actMin, op.actMax);
        return;
      }
      if (copy) for (let ci = 0; ci < c; ci++) k.im2colPlain(padP + ci * planeBytes, colP + ci * p.taps * pn * 2, tapInP, p.taps, oh, ow, sh, sw, pw, pn);
      const [col, pitch, taps] = direct ? [padP, planeBytes, tapInP] : [colP, p.taps * pn * 2, tapColP];
      k.convDepthwise(p.weights, col, pitch, mg, taps, p.taps, pn, m, p.bias, p.mult, p.shift, bufP, op.outputZp, op.actMin, op.actMax);
      k.gatherRows(bufP, output, m, oh, ow, rowPitch, pn);
    },
  };
}
