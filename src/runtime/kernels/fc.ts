import { clamp, multiplyByQuantizedMultiplier } from '../fixed-point.ts';
import type { QOp } from '../model.ts';
import { product, type ElementReader, type OperandSource } from './operands.ts';

type FcOp = Extract<QOp, { kind: 'fc' }>;

/**
 * Fully connected: input [..., K], weights [N, K], output [..., N]. For row r and column j:
 *   acc = bias[j] + sum_k (input[r, k] - inputZp) * weights[j, k]
 *   out = clamp(MBQM(acc, multipliers[j], shifts[j]) + outputZp, actMin, actMax).
 * Bound: |acc| <= K*255*127 + |bias|, checked at import.
 */
export function runFc(op: FcOp, source: OperandSource, outShape: readonly number[]): Int8Array {
  const input = source(op.input);
  const w = source({ constant: op.weights });
  const bias = source({ constant: op.bias }).data;
  const mults = source({ constant: op.multipliers }).data;
  const shifts = source({ constant: op.shifts }).data;
  const [nOut, k] = w.shape;
  const rows = product(outShape) / nOut;
  const x = input.data;
  const wd = w.data;
  const out = new Int8Array(rows * nOut);
  const row = new Int16Array(k);
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < k; p++) row[p] = x[r * k + p] - op.inputZp;
    for (let j = 0; j < nOut; j++) {
      let acc = bias[j];
      const base = j * k;
      for (let p = 0; p < k; p++) acc += row[p] * wd[base + p];
      out[r * nOut + j] = clamp(multiplyByQuantizedMultiplier(acc, mults[j], shifts[j]) + op.outputZp, op.actMin, op.actMax);
    }
  }
  return out;
}

export function fcElement(op: FcOp, reader: ElementReader, outShape: readonly number[], index: number): number {
  const [nOut, k] = reader.shape({ constant: op.weights });
  const j = index % nOut;
  const r = (index - j) / nOut;
  let acc = reader.read({ constant: op.bias }, j);
  for (let p = 0; p < k; p++) {
    acc += (reader.read(op.input, r * k + p) - op.inputZp) * reader.read({ constant: op.weights }, j * k + p);
  }
  const mult = reader.read({ constant: op.multipliers }, j);
  const shift = reader.read({ constant: op.shifts }, j);
  return clamp(multiplyByQuantizedMultiplier(acc, mult, shift) + op.outputZp, op.actMin, op.actMax);
}
