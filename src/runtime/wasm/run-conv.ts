import type { QOp } from '../model.ts';
import type { Arena } from './arena.ts';
import type { ConvGeometry } from './conv-geometry.ts';
import type { KernelExports } from './kernels-module.ts';
import type { PackedConv } from './pack-conv.ts';

type ConvOp = Extract<QOp, { kind: 'conv' }>;

/**
 * direct: stride-1 windows read the padded input in place; outputs are computed on the padded
 *   width (pw - ow wasted columns per row) and the valid ones gathered.
 * im2col: the window of every output position is copied out first (any stride).
 */
export type ConvLayout = 'direct' | 'im2col';

/** Direct unless strided, or unless the wasted columns cost more than the copy (a rough per-tap cost model). */
export function chooseLayout(g: ConvGeometry, p: PackedConv): ConvLayout {
  if (g.sh !== 1 || g.sw !== 1) return 'im2col';
  const tilesPerTap = p.depthwise ? 1 : p.mTiles;
  return tilesPerTap * (g.pw - g.ow) <= g.ow ? 'direct' : 'im2col';
}

const roundUp = (v: number, m: number) => Math.ceil(v / m) * m;

/** One convolution over all images of the batch with the wasm kernels; bit-identical to runConv. */
export function runConvWasm(k: KernelExports, arena: Arena, op: ConvOp, g: ConvGeometry, p: PackedConv, layout: ConvLayout, input: Int8Array): Int8Array {
  const { n, c, h, w, m, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, ph, pw } = g;
  const direct = layout === 'direct';
  if (direct && (sh !== 1 || sw !== 1)) throw new RangeError('the direct layout needs stride 1');
  const rowPitch = direct ? pw : ow;
  const pn = roundUp(oh * rowPitch, 8);
  const elem = p.depthwise ? 2 : 4; // bytes per position: one int16, or an int16 channel pair
  const planes = p.depthwise ? c : g.groups * ((g.cg + 1) >> 1);
  const planeBytes = ph * pw * elem;
  const colBytes = direct ? 0 : (p.depthwise ? c : 1) * p.taps * pn * elem;
  const bufRows = p.depthwise ? m : p.mPad;
  const [inP, padP, colP, tapInP, tapColP, bufP, outP] = arena.scratch(
    n * c * h * w, planes * planeBytes + pn * elem, colBytes, p.taps * 4, p.taps * 4, bufRows * pn, n * m * oh * ow,
  );
  arena.i8.set(input, inP);
  // Byte offset of each tap inside one group's padded planes, in the packed weights' tap order.
  const i32 = arena.i32;
  for (let t = 0; t < p.taps; t++) {
    const kx = t % kw;
    const ky = ((t - kx) / kw) % kh;
    const plane = (t - kx - ky * kw) / (kh * kw);
    i32[(tapInP >> 2) + t] = ((plane * ph + ky * dh) * pw + kx * dw) * elem;
    i32[(tapColP >> 2) + t] = t * pn * elem;
  }
  const taps = direct ? tapInP : tapColP;
  for (let ni = 0; ni < n; ni++) {
    const image = inP + ni * c * h * w;
    const outImage = outP + ni * m * oh * ow;
    if (p.depthwise) {
      k.packPlain(image, padP, c, h, w, pt, pl, ph, pw, op.inputZp);
      if (!direct) for (let ci = 0; ci < c; ci++) k.im2col(padP + ci * planeBytes, colP + ci * p.taps * pn * 2, tapInP, p.taps, oh, ow, sh, sw, pw, pn, 2);
      const col = direct ? padP : colP;
      const pitch = direct ? planeBytes : p.taps * pn * 2;
      k.convDepthwise(p.weights, col, pitch, g.mg, taps, p.taps, pn, m, p.bias, p.mult, p.shift, bufP, op.outputZp, op.actMin, op.actMax);
      k.gatherRows(bufP, outImage, m, oh, ow, rowPitch, pn);
      continue;
    }
    k.packPaired(image, padP, g.groups, g.cg, h, w, pt, pl, ph, pw, op.inputZp);
    const groupBytes = ((g.cg + 1) >> 1) * planeBytes;
    for (let gi = 0; gi < g.groups; gi++) {
      const group = padP + gi * groupBytes;
      if (!direct) k.im2col(group, colP, tapInP, p.taps, oh, ow, sh, sw, pw, pn, 4);
      const params = gi * p.mPad * 4;
      k.convPairs(
        p.weights + gi * p.mTiles * p.taps * 16, direct ? group : colP, taps, p.taps, pn, p.mTiles,
        p.bias + params, p.mult + params, p.shift + params, bufP, op.outputZp, op.actMin, op.actMax,
      );
      k.gatherRows(bufP, outImage + gi * g.mg * oh * ow, g.mg, oh, ow, rowPitch, pn);
    }
  }
  return arena.i8.slice(outP, outP + n * m * oh * ow);
}
