import { clamp, multiplyByQuantizedMultiplier, roundDiv } from '../fixed-point.ts';
import { NO_DEPTH, type QOp } from '../model.ts';
import { ncdhw, product, spatialCoords, type ElementReader, type OperandSource } from './operands.ts';
import { readerOf } from './matmul.ts';

type MaxPoolOp = Extract<QOp, { kind: 'maxPool' }>;
type AvgPoolOp = Extract<QOp, { kind: 'avgPool' }>;

/**
 * MaxPool (1-D to 3-D, windows as for conv): the maximum over window positions inside the input
 * (padding is ignored; -128 if none).
 * Output quantization equals the input's, so no requantization happens.
 */
export function maxPoolElement(op: MaxPoolOp, reader: ElementReader, outShape: readonly number[], index: number): number {
  let max = -128;
  forWindow(op, reader.shape(op.input), outShape, index, (offset) => {
    const v = reader.read(op.input, offset);
    if (v > max) max = v;
  });
  return max;
}

/**
 * AveragePool: sum = sum of (x - inputZp) over positions inside the input; count = positions
 * (including the depth axis) inside the padded input when countIncludePad, else inside the input;
 *   out = clamp(outputZp + roundDiv(MBQM(sum, multiplier, shift), count), -128, 127)
 * where multiplier/shift encode inScale / outScale (the output has its own calibrated range,
 * which matters for global pooling). |sum| <= kD*kH*kW*255, checked at import against the shift.
 */
export function avgPoolElement(op: AvgPoolOp, reader: ElementReader, outShape: readonly number[], index: number): number {
  let sum = 0;
  let valid = 0;
  const padded = forWindow(op, reader.shape(op.input), outShape, index, (offset) => {
    sum += reader.read(op.input, offset) - op.inputZp;
    valid++;
  });
  const count = op.countIncludePad ? padded : valid;
  if (count === 0) return clamp(op.outputZp, -128, 127);
  return clamp(op.outputZp + roundDiv(multiplyByQuantizedMultiplier(sum, op.multiplier, op.shift), count), -128, 127);
}

/** Visits the input offsets of one output element's window; returns how many positions lie inside the padded input. */
function forWindow(
  op: MaxPoolOp | AvgPoolOp,
  inShape: readonly number[],
  outShape: readonly number[],
  index: number,
  visit: (offset: number) => void,
): number {
  const [, , d, h, w] = ncdhw(inShape);
  const { kernel: kd, stride: sd, dilation: dd, padBegin: pf, padEnd: pe } = op.depth ?? NO_DEPTH;
  const { plane, z, y, x: xo } = spatialCoords(index, outShape);
  let inPadded = 0;
  for (let kz = 0; kz < kd; kz++) {
    const iz = z * sd - pf + kz * dd;
    for (let ky = 0; ky < op.kernel[0]; ky++) {
      const iy = y * op.strides[0] - op.pads[0] + ky * op.dilations[0];
      for (let kx = 0; kx < op.kernel[1]; kx++) {
        const ix = xo * op.strides[1] - op.pads[1] + kx * op.dilations[1];
        if (iz < d + pe && iy < h + op.pads[2] && ix < w + op.pads[3]) inPadded++;
        if (iz >= 0 && iz < d && iy >= 0 && iy < h && ix >= 0 && ix < w) visit(((plane * d + iz) * h + iy) * w + ix);
      }
    }
  }
  return inPadded;
}

export function runPool(op: MaxPoolOp | AvgPoolOp, source: OperandSource, outShape: readonly number[]): Int8Array {
  if (op.kind === 'maxPool') return runMaxPool(op, source, outShape);
  const out = new Int8Array(product(outShape));
  const reader = readerOf(source);
  for (let i = 0; i < out.length; i++) out[i] = avgPoolElement(op, reader, outShape, i);
  return out;
}

/** maxPoolElement over every output, with the window loops inlined (the hot pooling case). */
function runMaxPool(op: MaxPoolOp, source: OperandSource, outShape: readonly number[]): Int8Array {
  const input = source(op.input);
  const x = input.data;
  const [n, c, d, h, w] = ncdhw(input.shape);
  const [, , od, oh, ow] = ncdhw(outShape);
  const [kh, kw] = op.kernel;
  const [sh, sw] = op.strides;
  const [dh, dw] = op.dilations;
  const [pt, pl] = op.pads;
  const { kernel: kd, stride: sd, dilation: dd, padBegin: pf } = op.depth ?? NO_DEPTH;
  const out = new Int8Array(n * c * od * oh * ow);
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const inBase = plane * d * h * w;
    for (let z = 0; z < od; z++)
      for (let y = 0; y < oh; y++)
        for (let xo = 0; xo < ow; xo++) {
          let max = -128;
          for (let kz = 0; kz < kd; kz++) {
            const iz = z * sd - pf + kz * dd;
            if (iz < 0 || iz >= d) continue;
            for (let ky = 0; ky < kh; ky++) {
              const iy = y * sh - pt + ky * dh;
              if (iy < 0 || iy >= h) continue;
              const row = inBase + (iz * h + iy) * w;
              for (let kx = 0; kx < kw; kx++) {
                const ix = xo * sw - pl + kx * dw;
                if (ix < 0 || ix >= w) continue;
                const v = x[row + ix];
                if (v > max) max = v;
              }
            }
          }
          out[o++] = max;
        }
  }
  return out;
}
