import { clamp, multiplyByQuantizedMultiplier } from '../fixed-point.ts';
import type { QOp } from '../model.ts';
import { broadcastSource, product, type ElementReader, type OperandSource } from './operands.ts';

type MatMulOp = Extract<QOp, { kind: 'matmul' }>;

/**
 * Product of two int8 activations, a [..., M, K] x b [..., K, N] with numpy broadcasting of the
 * batch dims. acc = sum_k (a[.., i, k] - aZp) * (b[.., k, j] - bZp), |acc| <= K*255*255 (K <= 33025
 * checked at import); out = clamp(MBQM(acc, multiplier, shift) + outputZp, actMin, actMax).
 */
export function runMatMul(op: MatMulOp, source: OperandSource, outShape: readonly number[]): Int8Array {
  const out = new Int8Array(product(outShape));
  const reader = readerOf(source);
  for (let i = 0; i < out.length; i++) out[i] = matmulElement(op, reader, outShape, i);
  return out;
}

export function matmulElement(op: MatMulOp, reader: ElementReader, outShape: readonly number[], index: number): number {
  const as = reader.shape(op.a);
  const bs = reader.shape(op.b);
  const m = as[as.length - 2];
  const k = as[as.length - 1];
  const n = bs[bs.length - 1];
  const j = index % n;
  const i = ((index - j) / n) % m;
  const batch = (index - j - i * n) / (m * n);
  const batchShape = outShape.slice(0, -2);
  const aBase = broadcastSource(batch, batchShape, as.slice(0, -2)) * m * k;
  const bBase = broadcastSource(batch, batchShape, bs.slice(0, -2)) * k * n;
  let acc = 0;
  for (let p = 0; p < k; p++) {
    acc += (reader.read(op.a, aBase + i * k + p) - op.aZp) * (reader.read(op.b, bBase + p * n + j) - op.bZp);
  }
  return clamp(multiplyByQuantizedMultiplier(acc, op.multiplier, op.shift) + op.outputZp, op.actMin, op.actMax);
}

/** Element access over whole operands: lets a full kernel reuse the element definition. */
export function readerOf(source: OperandSource): ElementReader {
  return { shape: (ref) => source(ref).shape, read: (ref, i) => source(ref).data[i] };
}
