import { clamp, roundDiv } from '../fixed-point.ts';
import { SOFTMAX_OUTPUT_ZERO_POINT, type QOp } from '../model.ts';
import type { ElementReader, OperandSource } from './operands.ts';

type SoftmaxOp = Extract<QOp, { kind: 'softmax' }>;

/**
 * Softmax over n elements at stride `inner` (the input viewed as [outer, n, inner]):
 *   xmax = max_j x_j;  e_j = expTable[xmax - x_j]  (int32, <= 2^16);  sum = sum_j e_j (n <= 32767 so < 2^31)
 *   out_j = clamp(-128 + roundDiv(e_j * 256, sum), -128, 127)   (output scale 1/256, zero point -128)
 */
export function runSoftmax(op: SoftmaxOp, source: OperandSource): Int8Array {
  const x = source(op.input).data;
  const table = source({ constant: op.expTable }).data;
  const out = new Int8Array(x.length);
  for (let o = 0; o < op.outer; o++)
    for (let i = 0; i < op.inner; i++) {
      const base = o * op.n * op.inner + i;
      let max = -128;
      for (let j = 0; j < op.n; j++) if (x[base + j * op.inner] > max) max = x[base + j * op.inner];
      let sum = 0;
      for (let j = 0; j < op.n; j++) sum += table[max - x[base + j * op.inner]];
      for (let j = 0; j < op.n; j++) {
        const e = table[max - x[base + j * op.inner]];
        out[base + j * op.inner] = clamp(SOFTMAX_OUTPUT_ZERO_POINT + roundDiv(e * 256, sum), -128, 127);
      }
    }
  return out;
}

export function softmaxElement(op: SoftmaxOp, reader: ElementReader, index: number): number {
  const i = index % op.inner;
  const j = ((index - i) / op.inner) % op.n;
  const o = (index - i - j * op.inner) / (op.inner * op.n);
  const base = o * op.n * op.inner + i;
  const table = { constant: op.expTable };
  let max = -128;
  for (let t = 0; t < op.n; t++) {
    const v = reader.read(op.input, base + t * op.inner);
    if (v > max) max = v;
  }
  let sum = 0;
  for (let t = 0; t < op.n; t++) sum += reader.read(table, max - reader.read(op.input, base + t * op.inner));
  const e = reader.read(table, max - reader.read(op.input, base + j * op.inner));
  return clamp(SOFTMAX_OUTPUT_ZERO_POINT + roundDiv(e * 256, sum), -128, 127);
}
