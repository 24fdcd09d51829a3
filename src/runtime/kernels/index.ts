import type { QOp } from '../model.ts';
import { convElement, runConv } from './conv.ts';
import { addElement, lutElement, mulElement, runAdd, runLut, runMul } from './elementwise.ts';
import { fcElement, runFc } from './fc.ts';
import { runReshape, runTranspose, transposeElement } from './layout.ts';
import { matmulElement, runMatMul } from './matmul.ts';
import type { ElementReader, OperandSource } from './operands.ts';
import { avgPoolElement, maxPoolElement, runPool } from './pool.ts';
import { runSoftmax, softmaxElement } from './softmax.ts';

/** Runs one op over whole operands (the reference TypeScript kernels). */
export function runOp(op: QOp, source: OperandSource, outShape: readonly number[]): Int8Array {
  switch (op.kind) {
    case 'conv': return runConv(op, source, outShape);
    case 'fc': return runFc(op, source, outShape);
    case 'matmul': return runMatMul(op, source, outShape);
    case 'add': return runAdd(op, source, outShape);
    case 'mul': return runMul(op, source, outShape);
    case 'lut': return runLut(op, source);
    case 'softmax': return runSoftmax(op, source);
    case 'maxPool':
    case 'avgPool': return runPool(op, source, outShape);
    case 'reshape': return runReshape(op, source);
    case 'transpose': return runTranspose(op, source, outShape);
  }
}

/**
 * Recomputes output element `index` (row-major) of `op`, reading only the input elements that
 * element depends on. Equal to runOp(...)[index] for every op and index: this is what a
 * verifier and the on-chain one-step verifier re-run.
 */
export function computeElement(op: QOp, reader: ElementReader, outShape: readonly number[], index: number): number {
  switch (op.kind) {
    case 'conv': return convElement(op, reader, outShape, index);
    case 'fc': return fcElement(op, reader, outShape, index);
    case 'matmul': return matmulElement(op, reader, outShape, index);
    case 'add': return addElement(op, reader, outShape, index);
    case 'mul': return mulElement(op, reader, outShape, index);
    case 'lut': return lutElement(op, reader, index);
    case 'softmax': return softmaxElement(op, reader, index);
    case 'maxPool': return maxPoolElement(op, reader, outShape, index);
    case 'avgPool': return avgPoolElement(op, reader, outShape, index);
    case 'reshape': return reader.read(op.input, index);
    case 'transpose': return transposeElement(op, reader, outShape, index);
  }
}
