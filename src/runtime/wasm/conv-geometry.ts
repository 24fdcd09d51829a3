import type { QOp } from '../model.ts';
import { isPlanarWindow, planarShape } from './planar.ts';

type ConvOp = Extract<QOp, { kind: 'conv' }>;

/** Everything shape-derived a wasm convolution needs; ph, pw are the padded input's height and width. */
export type ConvGeometry = {
  n: number; c: number; h: number; w: number; m: number; oh: number; ow: number;
  kh: number; kw: number; sh: number; sw: number; dh: number; dw: number; pt: number; pl: number;
  ph: number; pw: number; groups: number; cg: number; mg: number;
};

const positive = (v: number) => Number.isInteger(v) && v >= 1;

/** The geometry, or the reason the shapes are not a convolution the wasm path reproduces exactly. */
export function convGeometry(op: ConvOp, inShape: readonly number[], outShape: readonly number[], weightCount: number): ConvGeometry | string {
  const inDims = planarShape(inShape);
  const outDims = planarShape(outShape);
  if (!inDims || !outDims || outShape.length !== inShape.length || !isPlanarWindow(op)) return 'not a 1-D/2-D window';
  const [n, c, h, w] = inDims;
  const [on, m, oh, ow] = outDims;
  const [kh, kw] = op.kernel;
  const [sh, sw] = op.strides;
  const [dh, dw] = op.dilations;
  const [pt, pl, pb, pr] = op.pads;
  const groups = op.group;
  if (![kh, kw, sh, sw, dh, dw, groups].every(positive) || ![pt, pl, pb, pr].every((p) => Number.isInteger(p) && p >= 0)) return 'window attributes';
  if (on !== n || c % groups !== 0 || m % groups !== 0) return 'channels/groups';
  const cg = c / groups;
  if (weightCount !== m * cg * kh * kw) return 'weight count';
  const ph = h + pt + pb;
  const pw = w + pl + pr;
  // The reference reads exactly these windows; any other output size is not a plain convolution.
  if (oh !== Math.floor((ph - dh * (kh - 1) - 1) / sh) + 1 || ow !== Math.floor((pw - dw * (kw - 1) - 1) / sw) + 1 || oh < 1 || ow < 1) {
    return 'output size';
  }
  return { n, c, h, w, m, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, ph, pw, groups, cg, mg: m / groups };
}
