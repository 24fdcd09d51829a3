import { clamp, multiplyByQuantizedMultiplier } from '../fixed-point.ts';
import { NO_DEPTH, type QOp } from '../model.ts';
import { ncdhw, spatialCoords, type ElementReader, type OperandSource } from './operands.ts';

type ConvOp = Extract<QOp, { kind: 'conv' }>;

/**
 * Convolution over [N, C, D, H, W] (2-D ops have D = 1, 1-D also H = 1), grouped.
 * For output (n, m, z, y, x):
 *   acc = bias[m] + sum over c < C/group, kz, ky, kx inside the input of
 *         (input[n, g*C/group + c, iz, iy, ix] - inputZp) * weights[m, c, kz, ky, kx]
 *   with iz = z*strideD - padFront + kz*dilD, iy = y*strideH - padTop + ky*dilH,
 *        ix = x*strideW - padLeft + kx*dilW, g = m / (M/group);
 *   out = clamp(MBQM(acc, multipliers[m], shifts[m]) + outputZp, actMin, actMax).
 * Padding contributes nothing (it is the real value 0). Bound: |acc| <= K*255*127 + |bias|,
 * K = C/group*kD*kH*kW, checked at import to stay below 2^31.
 */
export function runConv(op: ConvOp, source: OperandSource, outShape: readonly number[]): Int8Array {
  const x = source(op.input).data;
  const w = source({ constant: op.weights }).data;
  const bias = source({ constant: op.bias }).data;
  const mults = source({ constant: op.multipliers }).data;
  const shifts = source({ constant: op.shifts }).data;
  const [n, c, d, h, wd] = ncdhw(source(op.input).shape);
  const [, m, od, oh, ow] = ncdhw(outShape);
  const [kh, kw] = op.kernel;
  const [sh, sw] = op.strides;
  const [dh, dw] = op.dilations;
  const [pt, pl, pb, pr] = op.pads;
  const { kernel: kd, stride: sd, dilation: dd, padBegin: pf, padEnd: pe } = op.depth ?? NO_DEPTH;
  const cg = c / op.group;
  const mg = m / op.group;
  // Zero-point-shifted, zero-padded copy of one image: inner loops need no bounds checks.
  const pdd = d + pf + pe;
  const ph = h + pt + pb;
  const pw = wd + pl + pr;
  const padded = new Int16Array(c * pdd * ph * pw);
  const out = new Int8Array(n * m * od * oh * ow);
  const k = cg * kd * kh * kw;
  const plane = od * oh * ow;
  const acc = new Int32Array(plane);
  // Input offsets (relative to a window's corner) in weight order (c, kz, ky, kx).
  const taps = new Int32Array(k);
  for (let ci = 0, t = 0; ci < cg; ci++)
    for (let kz = 0; kz < kd; kz++)
      for (let ky = 0; ky < kh; ky++)
        for (let kx = 0; kx < kw; kx++) taps[t++] = ((ci * pdd + kz * dd) * ph + ky * dh) * pw + kx * dw;
  for (let ni = 0; ni < n; ni++) {
    padded.fill(0);
    for (let ci = 0; ci < c; ci++)
      for (let z = 0; z < d; z++)
        for (let y = 0; y < h; y++) {
          const src = (((ni * c + ci) * d + z) * h + y) * wd;
          const dst = ((ci * pdd + z + pf) * ph + y + pt) * pw + pl;
          for (let xi = 0; xi < wd; xi++) padded[dst + xi] = x[src + xi] - op.inputZp;
        }
    for (let mi = 0; mi < m; mi++) {
      const groupBase = ((mi / mg) | 0) * cg * pdd * ph * pw;
      const wBase = mi * k;
      // Accumulate one output volume tap by tap: the inner loop runs over contiguous outputs.
      acc.fill(bias[mi]);
      for (let t = 0; t < k; t++) {
        const wv = w[wBase + t];
        if (wv === 0) continue;
        const tapBase = groupBase + taps[t];
        for (let z = 0; z < od; z++)
          for (let y = 0; y < oh; y++) {
            const inRow = tapBase + (z * sd * ph + y * sh) * pw;
            const outRow = (z * oh + y) * ow;
            for (let xo = 0; xo < ow; xo++) acc[outRow + xo] += padded[inRow + xo * sw] * wv;
          }
      }
      const mult = mults[mi];
      const shift = shifts[mi];
      const outBase = (ni * m + mi) * plane;
      for (let i = 0; i < plane; i++) {
        out[outBase + i] = clamp(multiplyByQuantizedMultiplier(acc[i], mult, shift) + op.outputZp, op.actMin, op.actMax);
      }
    }
  }
  return out;
}

export function convElement(op: ConvOp, reader: ElementReader, outShape: readonly number[], index: number): number {
  const [, c, d, h, wd] = ncdhw(reader.shape(op.input));
  const m = ncdhw(outShape)[1];
  const [kh, kw] = op.kernel;
  const { kernel: kd, stride: sd, dilation: dd, padBegin: pf } = op.depth ?? NO_DEPTH;
  const { plane, z, y, x: xo } = spatialCoords(index, outShape);
  const mi = plane % m;
  const ni = (plane - mi) / m;
  const cg = c / op.group;
  const mg = m / op.group;
  const g = (mi - (mi % mg)) / mg;
  let acc = reader.read({ constant: op.bias }, mi);
  for (let ci = 0; ci < cg; ci++)
    for (let kz = 0; kz < kd; kz++) {
      const iz = z * sd - pf + kz * dd;
      if (iz < 0 || iz >= d) continue;
      for (let ky = 0; ky < kh; ky++) {
        const iy = y * op.strides[0] - op.pads[0] + ky * op.dilations[0];
        if (iy < 0 || iy >= h) continue;
        for (let kx = 0; kx < kw; kx++) {
          const ix = xo * op.strides[1] - op.pads[1] + kx * op.dilations[1];
          if (ix < 0 || ix >= wd) continue;
          const xv = reader.read(op.input, (((ni * c + g * cg + ci) * d + iz) * h + iy) * wd + ix);
          const wv = reader.read({ constant: op.weights }, (((mi * cg + ci) * kd + kz) * kh + ky) * kw + kx);
          acc += (xv - op.inputZp) * wv;
        }
      }
    }
  const mult = reader.read({ constant: op.multipliers }, mi);
  const shift = reader.read({ constant: op.shifts }, mi);
  return clamp(multiplyByQuantizedMultiplier(acc, mult, shift) + op.outputZp, op.actMin, op.actMax);
}
