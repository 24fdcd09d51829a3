import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeElement, runOp } from '../../../src/runtime/kernels/index.ts';
import type { ElementReader } from '../../../src/runtime/kernels/operands.ts';
import type { Ref } from '../../../src/runtime/model.ts';
import { OP_KINDS, operandSource, randomOp, type OpInstance } from '../../support/random-ops.ts';

/** A reader that counts every element read, to bound what one output element depends on. */
function countingReader(inst: OpInstance) {
  const source = operandSource(inst);
  const reads = { count: 0 };
  const reader: ElementReader = {
    shape: (ref: Ref) => source(ref).shape,
    read: (ref: Ref, i: number) => {
      const t = source(ref);
      assert.ok(Number.isInteger(i) && i >= 0 && i < t.data.length, `read index ${i} outside operand of ${t.data.length}`);
      reads.count++;
      return t.data[i];
    },
  };
  return { reader, reads };
}

/** Reads one element may need: its receptive field (inputs and weights) plus per-channel params. */
function readBound(inst: OpInstance): number {
  const op = inst.op;
  const shapeOf = (ref: Ref) => operandSource(inst)(ref).shape;
  switch (op.kind) {
    case 'conv': {
      const w = shapeOf({ constant: op.weights });
      return (2 * w.reduce((a, b) => a * b, 1)) / w[0] + 3;
    }
    case 'fc': return 2 * shapeOf({ constant: op.weights })[1] + 3;
    case 'matmul': return 2 * shapeOf(op.a).at(-1)!;
    case 'add':
    case 'mul': return 2;
    case 'lut': return 2;
    case 'softmax': return 4 * op.n + 2;
    case 'maxPool':
    case 'avgPool': return op.kernel[0] * op.kernel[1] * (op.depth?.kernel ?? 1);
    case 'reshape':
    case 'transpose': return 1;
  }
}

describe('computeElement equals the full kernel at every index', () => {
  for (const kind of OP_KINDS) {
    it(`${kind}: 150 random instances, every element`, () => {
      for (let seed = 1; seed <= 150; seed++) {
        const inst = randomOp(kind, seed * 7 + kind.length);
        const full = runOp(inst.op, operandSource(inst), inst.outShape);
        const { reader, reads } = countingReader(inst);
        const bound = readBound(inst);
        for (let i = 0; i < full.length; i++) {
          reads.count = 0;
          const v = computeElement(inst.op, reader, inst.outShape, i);
          assert.equal(v, full[i], `${kind} seed ${seed} index ${i}: element ${v} != kernel ${full[i]}`);
          assert.ok(reads.count <= bound, `${kind} seed ${seed}: ${reads.count} reads > bound ${bound}`);
          assert.ok(v >= -128 && v <= 127);
        }
      }
    });
  }
  for (const kind of ['conv', 'maxPool', 'avgPool'] as const) {
    it(`${kind}: 100 random 3-D instances, every element`, () => {
      for (let seed = 1; seed <= 100; seed++) {
        const inst = randomOp(kind, seed * 13, false, true);
        const full = runOp(inst.op, operandSource(inst), inst.outShape);
        const { reader, reads } = countingReader(inst);
        for (let i = 0; i < full.length; i++) {
          reads.count = 0;
          assert.equal(computeElement(inst.op, reader, inst.outShape, i), full[i], `${kind} 3-D seed ${seed} index ${i}`);
          assert.ok(reads.count <= readBound(inst));
        }
      }
    });
  }
  for (const kind of ['fc', 'matmul', 'softmax', 'conv'] as const) {
    it(`${kind}: large reductions up to the int32 accumulator bound`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const inst = randomOp(kind, 1000 + seed, true);
        const full = runOp(inst.op, operandSource(inst), inst.outShape);
        const { reader } = countingReader(inst);
        for (let t = 0; t < 16; t++) {
          const i = (t * 7919) % full.length;
          assert.equal(computeElement(inst.op, reader, inst.outShape, i), full[i], `${kind} large seed ${seed} index ${i}`);
        }
      }
    });
  }
});
