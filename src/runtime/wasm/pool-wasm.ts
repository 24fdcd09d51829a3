import type { QOp } from '../model.ts';
import type { Arena } from './arena.ts';
import type { KernelExports } from './kernels-module.ts';
import { isPlanarWindow, planarShape } from './planar.ts';

type MaxPoolOp = Extract<QOp, { kind: 'maxPool' }>;

const positive = (v: number) => Number.isInteger(v) && v >= 1;

/** MaxPool with the wasm kernel, bit-identical to the reference; a string says why it cannot run. */
export function runMaxPoolWasm(k: KernelExports, arena: Arena, op: MaxPoolOp, input: Int8Array, inShape: readonly number[], outShape: readonly number[]): Int8Array | string {
  const inDims = planarShape(inShape);
  const outDims = planarShape(outShape);
  if (!inDims || !outDims || outShape.length !== inShape.length || !isPlanarWindow(op)) return 'not a 1-D/2-D window';
  const [n, c, h, w] = inDims;
  const [on, oc, oh, ow] = outDims;
  const [kh, kw] = op.kernel;
  const [sh, sw] = op.strides;
  const [dh, dw] = op.dilations;
  const [pt, pl, pb, pr] = op.pads;
  if (on !== n || oc !== c || oh < 1 || ow < 1 || ![kh, kw, sh, sw, dh, dw].every(positive) || ![pt, pl, pb, pr].every((p) => Number.isInteger(p) && p >= 0)) {
    return 'pool attributes';
  }
  // Large enough for every window of the output (ceil-mode windows run past the bottom/right pads).
  const ph = Math.max(h + pt + pb, (oh - 1) * sh + (kh - 1) * dh + 1);
  const pw = Math.max(w + pl + pr, (ow - 1) * sw + (kw - 1) * dw + 1);
  const planes = n * c;
  const [inP, padP, rowP, outP] = arena.scratch(input.length, planes * ph * pw, pw + 96, planes * oh * ow + 16);
  arena.i8.set(input, inP);
  k.padInt8(inP, padP, planes, h, w, pt, pl, ph, pw);
  k.maxPool(padP, outP, rowP, planes, ph, pw, oh, ow, kh, kw, sh, sw, dh, dw);
  return arena.i8.slice(outP, outP + planes * oh * ow);
}
