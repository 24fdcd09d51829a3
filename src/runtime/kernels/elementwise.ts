import { clamp, multiplyByQuantizedMultiplier } from '../fixed-point.ts';
import { ADD_LEFT_SHIFT, type QOp } from '../model.ts';
import { broadcastSource, broadcastSources, product, type ElementReader, type OperandSource } from './operands.ts';

type AddOp = Extract<QOp, { kind: 'add' }>;
type MulOp = Extract<QOp, { kind: 'mul' }>;
type LutOp = Extract<QOp, { kind: 'lut' }>;

/**
 * Add / Sub (TFLite's scheme). Each addend is shifted left by 20 bits, rescaled to a common
 * scale, summed (or subtracted), then requantized:
 *   sa = MBQM((a - aZp) * 2^20, aMultiplier, aShift); sb = MBQM((b - bZp) * 2^20, bMultiplier, bShift)
 *   out = clamp(MBQM(sa +/- sb, outMultiplier, outShift) + outputZp, actMin, actMax)
 * Bounds: |a - aZp| <= 255 so the shifted addend is < 2^28; rescaling multipliers are <= 1/2.
 */
export function addValue(op: AddOp, a: number, b: number): number {
  const sa = multiplyByQuantizedMultiplier((a - op.aZp) * (1 << ADD_LEFT_SHIFT), op.aMultiplier, op.aShift);
  const sb = multiplyByQuantizedMultiplier((b - op.bZp) * (1 << ADD_LEFT_SHIFT), op.bMultiplier, op.bShift);
  const sum = op.subtract ? sa - sb : sa + sb;
  return clamp(multiplyByQuantizedMultiplier(sum, op.outMultiplier, op.outShift) + op.outputZp, op.actMin, op.actMax);
}

/** Mul: out = clamp(MBQM((a - aZp) * (b - bZp), multiplier, shift) + outputZp, actMin, actMax); |product| <= 65025. */
export function mulValue(op: MulOp, a: number, b: number): number {
  return clamp(multiplyByQuantizedMultiplier((a - op.aZp) * (b - op.bZp), op.multiplier, op.shift) + op.outputZp, op.actMin, op.actMax);
}

function binary(op: AddOp | MulOp, f: (a: number, b: number) => number, source: OperandSource, outShape: readonly number[]): Int8Array {
  const a = source(op.a);
  const b = source(op.b);
  const ia = broadcastSources(outShape, a.shape);
  const ib = broadcastSources(outShape, b.shape);
  const out = new Int8Array(product(outShape));
  for (let i = 0; i < out.length; i++) out[i] = f(a.data[ia[i]], b.data[ib[i]]);
  return out;
}

function binaryElement(op: AddOp | MulOp, f: (a: number, b: number) => number, reader: ElementReader, outShape: readonly number[], index: number): number {
  const a = reader.read(op.a, broadcastSource(index, outShape, reader.shape(op.a)));
  const b = reader.read(op.b, broadcastSource(index, outShape, reader.shape(op.b)));
  return f(a, b);
}

export const runAdd = (op: AddOp, source: OperandSource, outShape: readonly number[]) => binary(op, (a, b) => addValue(op, a, b), source, outShape);
export const addElement = (op: AddOp, reader: ElementReader, outShape: readonly number[], index: number) =>
  binaryElement(op, (a, b) => addValue(op, a, b), reader, outShape, index);
export const runMul = (op: MulOp, source: OperandSource, outShape: readonly number[]) => binary(op, (a, b) => mulValue(op, a, b), source, outShape);
export const mulElement = (op: MulOp, reader: ElementReader, outShape: readonly number[], index: number) =>
  binaryElement(op, (a, b) => mulValue(op, a, b), reader, outShape, index);

/** Unary ops as a 256-entry table over the int8 input domain: out = table[x + 128]. */
export function runLut(op: LutOp, source: OperandSource): Int8Array {
  const x = source(op.input).data;
  const table = source({ constant: op.table }).data;
  const out = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = table[x[i] + 128];
  return out;
}

export function lutElement(op: LutOp, reader: ElementReader, index: number): number {
  return reader.read({ constant: op.table }, reader.read(op.input, index) + 128);
}
