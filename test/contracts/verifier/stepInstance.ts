import { OP_LAYOUT, opDescriptor } from '../../../src/commit/opDescriptor.ts';
import { computeElement } from '../../../src/runtime/kernels/index.ts';
import type { ElementReader, Operand } from '../../../src/runtime/kernels/operands.ts';
import type { QOp, Ref } from '../../../src/runtime/model.ts';

/** One read of a step as the on-chain verifier numbers it: operand slot, element index, value. */
export type StepRead = { operand: number; index: number; value: number };

/**
 * One output element of one op, as the one-step verifier sees it: descriptor words, operands in
 * slot order (descriptor refs, then constant fields), the ordered reads computeElement makes, and
 * the value it returns.
 */
export type StepInstance = {
  words: number[];
  index: number;
  operands: Operand[];
  reads: StepRead[];
  expected: number;
};

/**
 * The operands of `op` in the verifier's slot order (OP_LAYOUT refs, then constants), resolved
 * by `source` (a trace value or a model constant).
 */
export function slotRefs(op: QOp): Ref[] {
  const layout = OP_LAYOUT[op.kind];
  const fields = op as unknown as Record<string, unknown>;
  return [...layout.refs.map((r) => fields[r] as Ref), ...layout.constants.map((c) => ({ constant: fields[c] as number }))];
}

/**
 * Runs computeElement with a reader that records every read as (slot, index, value). A read's
 * slot is found by object identity with the op's ref fields (op.a and op.b stay distinct even
 * when they name the same tensor), else by the constant field it names.
 */
export function recordStep(op: QOp, outShape: readonly number[], index: number, source: (ref: Ref) => Operand): StepInstance {
  const layout = OP_LAYOUT[op.kind];
  const fields = op as unknown as Record<string, unknown>;
  const refObjects = layout.refs.map((r) => fields[r] as Ref);
  const constantIds = layout.constants.map((c) => fields[c] as number);
  const slotOf = (ref: Ref): number => {
    const byIdentity = refObjects.indexOf(ref);
    if (byIdentity >= 0) return byIdentity;
    if (!('constant' in ref)) throw new Error(`read of value ${ref.value} that is not an operand of ${op.kind}`);
    const matches = constantIds.flatMap((c, i) => (c === ref.constant ? [i] : []));
    if (matches.length !== 1) throw new Error(`constant ${ref.constant} is ${matches.length} operands of ${op.kind}`);
    return refObjects.length + matches[0];
  };
  const reads: StepRead[] = [];
  const reader: ElementReader = {
    shape: (ref) => source(ref).shape,
    read: (ref, i) => {
      const t = source(ref);
      if (!Number.isInteger(i) || i < 0 || i >= t.data.length) throw new Error(`read ${i} outside an operand of ${t.data.length}`);
      const value = t.data[i];
      reads.push({ operand: slotOf(ref), index: i, value });
      return value;
    },
  };
  const expected = computeElement(op, reader, outShape, index);
  return { words: opDescriptor(op, outShape), index, operands: slotRefs(op).map(source), reads, expected };
}

const dtypeCode = (o: Operand) => (o.data instanceof Int8Array ? 1 : 2);

/**
 * The compact fixture encoding forge decodes (VerifierFixtureCodec.sol), big-endian:
 * u32 tag, u16 wordCount, i32 words..., u32 index, i32 expected, u8 operandCount,
 * per operand (u8 dtype, u8 rank, u32 dims...), u32 readCount, per read (u8 operand, u32 index, i32 value).
 * (Descriptor words are int32 here; the test widens them to the 32-byte words of descriptorBytes.)
 */
export function encodeStep(step: StepInstance, tag: number): string {
  const parts: number[] = [];
  const u = (v: number, bytes: number) => {
    for (let b = bytes - 1; b >= 0; b--) parts.push(Math.floor(v / 2 ** (8 * b)) & 0xff);
  };
  const i32 = (v: number) => u(v >>> 0, 4);
  u(tag, 4);
  u(step.words.length, 2);
  step.words.forEach(i32);
  u(step.index, 4);
  i32(step.expected);
  u(step.operands.length, 1);
  for (const o of step.operands) {
    u(dtypeCode(o), 1);
    u(o.shape.length, 1);
    for (const d of o.shape) u(d, 4);
  }
  u(step.reads.length, 4);
  for (const r of step.reads) {
    u(r.operand, 1);
    u(r.index, 4);
    i32(r.value);
  }
  return '0x' + Buffer.from(parts).toString('hex');
}

/** An operand's elements packed little-endian (the commitment format's leaf bytes). */
export function packOperand(o: Operand): string {
  const size = o.data instanceof Int8Array ? 1 : 4;
  const out = Buffer.alloc(o.data.length * size);
  o.data.forEach((v, i) => (size === 1 ? out.writeInt8(v, i) : out.writeInt32LE(v, 4 * i)));
  return '0x' + out.toString('hex');
}
