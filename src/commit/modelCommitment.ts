import type { QModel } from '../runtime/model.ts';
import { descriptorBytes, opDescriptor } from './opDescriptor.ts';
import { sha256 } from './sha256.ts';
import { tensorHash } from './tensorHash.ts';
import { traceRoot } from './traceTree.ts';

/** Domain bytes of the model commitment (continuing the tensor/trace domains 0x00..0x03). */
export const OP_LEAF_DOMAIN = 0x04;
export const IO_DOMAIN = 0x05;
export const MODEL_DOMAIN = 0x06;

export type ModelCommitment = {
  /** The model id: H(0x06 || ioHash || opsRoot || constantsRoot || opCount u32 BE || constantCount u32 BE). */
  modelId: Uint8Array;
  ioHash: Uint8Array;
  /** Merkle root (trace-tree rules) over the op leaves H(0x04 || descriptor bytes). */
  opsRoot: Uint8Array;
  /** Merkle root (trace-tree rules) over the constants' tensor hashes: the weight roots. */
  constantsRoot: Uint8Array;
  opLeaves: Uint8Array[];
  constantHashes: Uint8Array[];
};

/** The words committing the model boundary: inputs (value, shape, quantization), then outputs. */
export function ioWords(model: QModel): number[] {
  const words = [model.inputs.length, model.outputs.length];
  for (const b of [...model.inputs, ...model.outputs]) {
    const shape = model.values[b.value].shape;
    words.push(b.value, shape.length, ...shape, b.quant.zeroPoint, b.quant.scaleMultiplier, b.quant.scaleExponent);
  }
  return words;
}

/** Commits a quantized model: its op table, its constants (weights) and its boundary. */
export function modelCommitment(model: QModel): ModelCommitment {
  const firstOutput = model.inputs.length;
  const opLeaves = model.ops.map((op, j) => {
    const bytes = descriptorBytes(opDescriptor(op, model.values[firstOutput + j].shape));
    const pre = new Uint8Array(1 + bytes.length);
    pre[0] = OP_LEAF_DOMAIN;
    pre.set(bytes, 1);
    return sha256(pre);
  });
  const constantHashes = model.constants.map((c) => tensorHash(c.tensor));
  const io = descriptorBytes(ioWords(model));
  const ioPre = new Uint8Array(1 + io.length);
  ioPre[0] = IO_DOMAIN;
  ioPre.set(io, 1);
  const ioHash = sha256(ioPre);
  const opsRoot = traceRoot(opLeaves);
  const constantsRoot = constantHashes.length > 0 ? traceRoot(constantHashes) : new Uint8Array(32);
  const pre = new Uint8Array(1 + 32 * 3 + 8);
  pre[0] = MODEL_DOMAIN;
  pre.set(ioHash, 1);
  pre.set(opsRoot, 33);
  pre.set(constantsRoot, 65);
  const view = new DataView(pre.buffer);
  view.setUint32(97, model.ops.length, false);
  view.setUint32(101, model.constants.length, false);
  return { modelId: sha256(pre), ioHash, opsRoot, constantsRoot, opLeaves, constantHashes };
}
