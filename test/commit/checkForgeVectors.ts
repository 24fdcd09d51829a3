import assert from 'node:assert/strict';
import { int32Tensor, int8Tensor, type IntTensor } from '../../src/runtime/tensor.ts';
import { LEAF_SIZE } from '../../src/commit/constants.ts';
import { hashTensorHeader } from '../../src/commit/tensorHash.ts';
import { tensorRoot } from '../../src/commit/tensorRoot.ts';
import { traceRoot } from '../../src/commit/traceTree.ts';

type ForgeVectors = {
  leafSize: number;
  tensors: Array<{ dtype: number; shape: number[]; data: string; root: string; tensorHash: string }>;
  traceRoot: string;
};

const bytesOf = (hex: string) => new Uint8Array(Buffer.from(hex.slice(2), 'hex'));
const hex0x = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');

function tensorOf(dtype: number, shape: number[], data: Uint8Array): IntTensor {
  if (dtype === 1) return int8Tensor(shape, new Int8Array(data.buffer, data.byteOffset, data.length));
  assert.equal(dtype, 2, `unknown dtype code ${dtype} in forge vectors`);
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  return int32Tensor(shape, Int32Array.from({ length: data.length / 4 }, (_, i) => view.getInt32(4 * i, true)));
}

/**
 * Solidity -> TS differential: recomputes in TypeScript every root, tensor hash and the
 * trace root that CommitFixtures.t.sol computed in Solidity over tensors it generated.
 * Returns how many tensors were checked.
 */
export function checkForgeVectors(json: string): number {
  const v = JSON.parse(json) as ForgeVectors;
  assert.equal(v.leafSize, LEAF_SIZE, 'Solidity LEAF_SIZE differs from TypeScript LEAF_SIZE');
  const hashes = v.tensors.map((t, i) => {
    const tensor = tensorOf(t.dtype, t.shape, bytesOf(t.data));
    const root = tensorRoot(tensor);
    assert.equal(hex0x(root), t.root, `tensor ${i} (dtype ${t.dtype}, shape [${t.shape}]): root differs`);
    const h = hashTensorHeader(tensor.dtype, tensor.shape, root);
    assert.equal(hex0x(h), t.tensorHash, `tensor ${i}: tensor hash differs`);
    return h;
  });
  assert.equal(hex0x(traceRoot(hashes)), v.traceRoot, 'trace root differs');
  return v.tensors.length;
}
