import type { Operand } from '../../../src/runtime/kernels/operands.ts';
import type { StepInstance } from '../../../src/dispute/index.ts';

// The forge fixture encoding of a step recorded by recordStep (src/dispute: the reads computeElement
// makes, in verifier slot order, as the dispute player's step proofs use them).

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
