import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { bytesToHex, type Hex } from 'viem';
import { type ModelCommitment, ioWords, modelCommitment } from '../../commit/modelCommitment.ts';
import { decodeVouchFile } from '../../model/vouch-file.ts';
import type { QModel } from '../../runtime/model.ts';

/** A model this node runs: the integer model, its id and its commitment (for registration and proofs). */
export type ServedModel = {
  name: string;
  path: string;
  modelId: Hex;
  model: QModel;
  commitment: ModelCommitment;
  /** ModelRegistry.register's arguments. */
  registration: { ioWords: bigint[]; opsRoot: Hex; constantsRoot: Hex; opCount: number; constantCount: number };
};

/** Reads a .vouch file (checked: checksum and model id) and commits it. */
export function loadServedModel(path: string): ServedModel {
  const file = decodeVouchFile(readFileSync(path));
  const commitment = modelCommitment(file.model);
  return {
    name: basename(path).replace(/\.vouch$/, ''),
    path,
    modelId: bytesToHex(file.modelId),
    model: file.model,
    commitment,
    registration: {
      ioWords: ioWords(file.model).map(BigInt),
      opsRoot: bytesToHex(commitment.opsRoot),
      constantsRoot: bytesToHex(commitment.constantsRoot),
      opCount: file.model.ops.length,
      constantCount: file.model.constants.length,
    },
  };
}
