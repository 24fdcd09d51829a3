import { NO_DEPTH, type QOp, type QOpKind, type Ref } from '../runtime/model.ts';
import { CommitFormatError } from './errors.ts';

/**
 * The canonical encoding of one op of a model's op table: a list of integer words
 * [kind, outRank, ...outShape, ...refs, ...params] in a fixed order per kind. The model id
 * commits to these words, and the on-chain one-step verifier decodes the same words.
 * A ref is a trace value index v >= 0, or a model constant c encoded as -1 - c.
 */
export const OP_KIND_CODE: Readonly<Record<QOpKind, number>> = {
  conv: 1, fc: 2, matmul: 3, add: 4, mul: 5, lut: 6, softmax: 7, maxPool: 8, avgPool: 9, reshape: 10, transpose: 11,
};

const WINDOW = ['kernel', 'strides', 'pads', 'dilations'] as const;
/** The depth axis of a window, appended last so that 1-D/2-D words keep their positions. */
const DEPTH = ['depth'] as const;
const DEPTH_FIELDS = ['kernel', 'stride', 'padBegin', 'padEnd', 'dilation'] as const;
const ACT = ['actMin', 'actMax'] as const;

/** Field order per kind: refs (value or constant) first, then integer params (arrays flattened). */
export const OP_LAYOUT: Readonly<Record<QOpKind, { refs: readonly string[]; constants: readonly string[]; params: readonly string[] }>> = {
  conv: { refs: ['input'], constants: ['weights', 'bias', 'multipliers', 'shifts'], params: ['inputZp', 'outputZp', ...ACT, 'group', ...WINDOW, ...DEPTH] },
  fc: { refs: ['input'], constants: ['weights', 'bias', 'multipliers', 'shifts'], params: ['inputZp', 'outputZp', ...ACT] },
  matmul: { refs: ['a', 'b'], constants: [], params: ['aZp', 'bZp', 'multiplier', 'shift', 'outputZp', ...ACT] },
  add: {
    refs: ['a', 'b'],
    constants: [],
    params: ['subtract', 'aZp', 'bZp', 'aMultiplier', 'aShift', 'bMultiplier', 'bShift', 'outMultiplier', 'outShift', 'outputZp', ...ACT],
  },
  mul: { refs: ['a', 'b'], constants: [], params: ['aZp', 'bZp', 'multiplier', 'shift', 'outputZp', ...ACT] },
  lut: { refs: ['input'], constants: ['table'], params: [] },
  softmax: { refs: ['input'], constants: ['expTable'], params: ['outer', 'n', 'inner'] },
  maxPool: { refs: ['input'], constants: [], params: [...WINDOW, ...DEPTH] },
  avgPool: { refs: ['input'], constants: [], params: ['inputZp', 'outputZp', 'multiplier', 'shift', 'countIncludePad', ...WINDOW, ...DEPTH] },
  reshape: { refs: ['input'], constants: [], params: [] },
  transpose: { refs: ['input'], constants: [], params: ['perm'] },
};

export function encodeRef(ref: Ref): number {
  return 'value' in ref ? ref.value : -1 - ref.constant;
}

export function decodeRef(word: number): Ref {
  return word >= 0 ? { value: word } : { constant: -1 - word };
}

/** The descriptor words of `op` whose output has shape `outShape`. */
export function opDescriptor(op: QOp, outShape: readonly number[]): number[] {
  const layout = OP_LAYOUT[op.kind];
  const fields = op as unknown as Record<string, unknown>;
  const words = [OP_KIND_CODE[op.kind], outShape.length, ...outShape];
  for (const r of layout.refs) words.push(encodeRef(fields[r] as Ref));
  for (const c of layout.constants) words.push(-1 - (fields[c] as number));
  for (const p of layout.params) {
    const v = fields[p];
    if (p === 'depth') {
      const d = (v ?? NO_DEPTH) as Record<string, number>;
      words.push(...DEPTH_FIELDS.map((f) => d[f]));
    } else if (Array.isArray(v)) {
      if (p === 'perm') words.push(v.length);
      words.push(...v);
    } else words.push(typeof v === 'boolean' ? Number(v) : (v as number));
  }
  for (const w of words) {
    // INVARIANT: every word is a 32-bit signed integer, so the encoding is exact everywhere.
    if (!Number.isInteger(w) || w < -2147483648 || w > 2147483647) throw new CommitFormatError(`op ${op.kind}: descriptor word ${w} is not an int32`);
  }
  return words;
}

/** Bytes of a descriptor: each word as a 32-byte big-endian two's complement integer (Solidity int256[] packed). */
export function descriptorBytes(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(32 * words.length);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => {
    const fill = w < 0 ? 0xff : 0x00;
    out.fill(fill, 32 * i, 32 * i + 28);
    view.setInt32(32 * i + 28, w, false);
  });
  return out;
}
