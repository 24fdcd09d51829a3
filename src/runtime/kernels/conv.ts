import { clamp, multiplyByQuantizedMultiplier } from '../fixed-point.ts';
import type { QOp } from '../model.ts';
import { nchw, type ElementReader, type OperandSource } from './operands.ts';

type ConvOp = Extract<QOp, { kind: 'conv' }>;

/**
 * 2-D convolution (1-D as height 1), NCHW, grouped. For output (n, m, y, x):
 *   acc = bias[m] + sum over c < C/group, ky, kx inside the input of
 *         (input[n, g*C/group + c, iy, ix] - inputZp) * weights[m, c, ky, kx]
 *   with iy = y*strideH - padTop + ky*dilH, ix = x*strideW - padLeft + kx*dilW, g = m / (M/group);
 *   out = clamp(MBQM(acc, multipliers[m], shifts[m]) + outputZp, actMin, actMax).
 * Padding contributes nothing (it is the real value 0). Bound: |acc| <= K*255*127 + |bias|, K = C/group*kH*kW,
 * checked at import to stay below 2^31.
 */
export function runConv(op: ConvOp, source: OperandSource, outShape: readonly number[]): Int8Array {
  const x = source(op.input).data;
  const w = source({ constant: op.weights }).data;
  const bias = source({ constant: op.bias }).data;
  const mults = source({ constant: op.multipliers }).data;
  const shifts = source({ constant: op.shifts }).data;
  const [n, c, h, wd] = nchw(source(op.input).shape);
  const [, m, oh, ow] = nchw(outShape);
  const [kh, kw] = op.kernel;
  const [sh, sw] = op.strides;
  const [dh, dw] = op.dilations;
  const [pt, pl, pb, pr] = op.pads;
  const cg = c / op.group;
  const mg = m / op.group;
  // Zero-point-shifted, zero-padded copy of one image: inner loops need no bounds checks.
  const ph = h + pt + pb;
  const pw = wd + pl + pr;
  const padded = new Int16Array(c * ph * pw);
  const out = new Int8Array(n * m * oh * ow);
  const k = cg * kh * kw;
  const acc = new Int32Array(oh * ow);
  // Input offsets (relative to a window's top-left corner) in weight order (c, ky, kx).
  const taps = new Int32Array(k);
  for (let ci = 0, t = 0; ci < cg; ci++)
    for (let ky = 0; ky < kh; ky++)
      for (let kx = 0; kx < kw; kx++) taps[t++] = (ci * ph + ky * dh) * pw + kx * dw;
  for (let ni = 0; ni < n; ni++) {
    padded.fill(0);
    for (let ci = 0; ci < c; ci++)
      for (let y = 0; y < h; y++) {
        const src = ((ni * c + ci) * h + y) * wd;
        const dst = (ci * ph + y + pt) * pw + pl;
        for (let xi = 0; xi < wd; xi++) padded[dst + xi] = x[src + xi] - op.inputZp;
      }
    for (let mi = 0; mi < m; mi++) {
      const groupBase = ((mi / mg) | 0) * cg * ph * pw;
      const wBase = mi * k;
      // Accumulate one output plane tap by tap: the inner loop runs over contiguous outputs.
      acc.fill(bias[mi]);
      for (let t = 0; t < k; t++) {
        const wv = w[wBase + t];
        if (wv === 0) continue;
        const tapBase = groupBase + taps[t];
        for (let y = 0; y < oh; y++) {
          const inRow = tapBase + y * sh * pw;
          const outRow = y * ow;
          for (let xo = 0; xo < ow; xo++) acc[outRow + xo] += padded[inRow + xo * sw] * wv;
        }
      }
      const mult = mults[mi];
      const shift = shifts[mi];
      const outBase = (ni * m + mi) * oh * ow;
      for (let i = 0; i < oh * ow; i++) {
        out[outBase + i] = clamp(multiplyByQuantizedMultiplier(acc[i], mult, shift) + op.outputZp, op.actMin, op.actMax);
      }
    }
  }
  return out;
}

export function convElement(op: ConvOp, reader: ElementReader, outShape: readonly number[], index: number): number {
  const [, c, h, wd] = nchw(reader.shape(op.input));
  const [, m, oh, ow] = nchw(outShape);
  const [kh, kw] = op.kernel;
  const xo = index % ow;
  const y = ((index - xo) / ow) % oh;
  const mi = ((index - xo - y * ow) / (ow * oh)) % m;
  const ni = (index - xo - y * ow - mi * ow * oh) / (ow * oh * m);
  const cg = c / op.group;
  const g = (mi - (mi % (m / op.group))) / (m / op.group);
  let acc = reader.read({ constant: op.bias }, mi);
  for (let ci = 0; ci < cg; ci++)
    for (let ky = 0; ky < kh; ky++) {
      const iy = y * op.strides[0] - op.pads[0] + ky * op.dilations[0];
      if (iy < 0 || iy >= h) continue;
      for (let kx = 0; kx < kw; kx++) {
        const ix = xo * op.strides[1] - op.pads[1] + kx * op.dilations[1];
        if (ix < 0 || ix >= wd) continue;
        const xv = reader.read(op.input, ((ni * c + g * cg + ci) * h + iy) * wd + ix);
        const wv = reader.read({ constant: op.weights }, ((mi * cg + ci) * kh + ky) * kw + kx);
        acc += (xv - op.inputZp) * wv;
      }
    }
  const mult = reader.read({ constant: op.multipliers }, mi);
  const shift = reader.read({ constant: op.shifts }, mi);
  return clamp(multiplyByQuantizedMultiplier(acc, mult, shift) + op.outputZp, op.actMin, op.actMax);
}
