import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Hex, bytesToHex, hexToBytes } from 'viem';
import { canonicalize } from '../../../src/commit/canonical/canonicalize.ts';
import { QuorumInputError, decodeQuorumInputs, encodeQuorumInputs } from '../../../src/node/quorum/quorumInputs.ts';

test('quorum inputs round-trip: the exact bytes of the tensors, one input hash = their exact result hash', () => {
  const tensors = [
    { dtype: 'float32' as const, dims: [1, 2, 2], data: Float32Array.of(0.5, -0, Number.MIN_VALUE, 3.25) },
    { dtype: 'int64' as const, dims: [3], data: BigInt64Array.of(-1n, 2n ** 60n, 0n) },
    { dtype: 'uint8' as const, dims: [0], data: new Uint8Array(0) },
  ];
  const { inputData, inputHashes } = encodeQuorumInputs(tensors);
  assert.equal(inputHashes[0], bytesToHex(canonicalize({ kind: 'exact' }, { tensors }).hash));
  const decoded = decodeQuorumInputs(inputData);
  assert.deepEqual(decoded.inputHashes, inputHashes);
  assert.deepEqual(decoded.tensors.map((t) => [t.dtype, t.dims, Array.from(t.data as ArrayLike<number | bigint>)]), tensors.map((t) => [t.dtype, t.dims, Array.from(t.data as ArrayLike<number | bigint>)]));
  assert.ok(Object.is((decoded.tensors[0].data as Float32Array)[1], -0), '-0 survives');
});

test('quorum inputs: truncated, extended, text form and unknown dtypes are refused', () => {
  const { inputData } = encodeQuorumInputs([{ dtype: 'float32', dims: [2], data: Float32Array.of(1, 2) }]);
  const bytes = hexToBytes(inputData);
  const bad: Hex[] = [
    bytesToHex(bytes.slice(0, bytes.length - 1)),
    bytesToHex(Uint8Array.of(...bytes, 0)),
    bytesToHex(Uint8Array.of(0x02, 0x61)),
    bytesToHex(Uint8Array.of(...bytes.slice(0, 5), 0xee, ...bytes.slice(6))),
    '0x',
  ];
  for (const b of bad) assert.throws(() => decodeQuorumInputs(b), QuorumInputError, b);
});
