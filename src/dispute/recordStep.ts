import { OP_LAYOUT, opDescriptor } from '../commit/opDescriptor.ts';
import { computeElement } from '../runtime/kernels/index.ts';
import type { ElementReader, Operand } from '../runtime/kernels/operands.ts';
import type { QOp, Ref } from '../runtime/model.ts';
import { DisputeProofError } from './errors.ts';

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
 * The operands of `op` in the verifier's slot order: OP_LAYOUT refs (trace values or constants),
 * then the constant fields.
 */
export function slotRefs(op: QOp): Ref[] {
  const layout = OP_LAYOUT[op.kind];
  const fields = op as unknown as Record<string, unknown>;
  return [...layout.refs.map((r) => fields[r] as Ref), ...layout.constants.map((c) => ({ constant: fields[c] as number }))];
}

/**
 * Runs computeElement with a reader that records every read as (slot, index, value), in the
 * order the verifier's loops ask for them. A read's slot is found by object identity with the
 * op's ref fields (op.a and op.b stay distinct even when they name the same tensor), else by the
 * constant field it names.
 */
export function recordStep(op: QOp, outShape: readonly number[], index: number, source: (ref: Ref) => Operand): StepInstance {
  const layout = OP_LAYOUT[op.kind];
  const fields = op as unknown as Record<string, unknown>;
  const refObjects = layout.refs.map((r) => fields[r] as Ref);
  const constantIds = layout.constants.map((c) => fields[c] as number);
  const slotOf = (ref: Ref): number => {
    const byIdentity = refObjects.indexOf(ref);
    if (byIdentity >= 0) return byIdentity;
    if (!('constant' in ref)) throw new DisputeProofError(`read of value ${ref.value} that is not an operand of ${op.kind}`);
    const matches = constantIds.flatMap((c, i) => (c === ref.constant ? [i] : []));
    if (matches.length !== 1) throw new DisputeProofError(`constant ${ref.constant} is ${matches.length} operands of ${op.kind}`);
    return refObjects.length + matches[0];
  };
  const reads: StepRead[] = [];
  const reader: ElementReader = {
    shape: (ref) => source(ref).shape,
    read: (ref, i) => {
      const t = source(ref);
      // INVARIANT: every read is an element of its operand (the verifier refuses anything else).
      if (!Number.isInteger(i) || i < 0 || i >= t.data.length) throw new DisputeProofError(`read ${i} outside an operand of ${t.data.length}`);
      const value = t.data[i];
      reads.push({ operand: slotOf(ref), index: i, value });
      return value;
    },
  };
  const expected = computeElement(op, reader, outShape, index);
  return { words: opDescriptor(op, outShape), index, operands: slotRefs(op).map(source), reads, expected };
}
