import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { modelCommitment } from '../../src/commit/modelCommitment.ts';
import { decodeVouchFile, encodeVouchFile } from '../../src/model/vouch-file.ts';
import { ModelFormatError } from '../../src/runtime/errors.ts';
import { runModel } from '../../src/runtime/run-model.ts';
import { mnistTestModel } from '../support/mnist-model.ts';

/** Re-seals a modified body with a fresh checksum, as a deliberate tamperer would. */
function reseal(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out.set(createHash('sha256').update(out.subarray(0, out.length - 32)).digest(), out.length - 32);
  return out;
}

describe('.vouch model file', () => {
  const { model, inputs } = mnistTestModel();
  const bytes = encodeVouchFile(model, { note: 'test' });

  it('round-trips the model bit for bit and recomputes the same model id', () => {
    const file = decodeVouchFile(bytes);
    assert.deepEqual(file.modelId, modelCommitment(model).modelId);
    assert.equal(file.source.note, 'test');
    assert.deepEqual(runModel(file.model, [inputs[0]]).map((t) => t.data), runModel(model, [inputs[0]]).map((t) => t.data));
    assert.deepEqual(encodeVouchFile(file.model, file.source), bytes);
  });

  it('rejects truncated files at every length class', () => {
    for (const len of [0, 10, 16, 100, bytes.length / 2, bytes.length - 33, bytes.length - 1]) {
      assert.throws(() => decodeVouchFile(bytes.subarray(0, Math.floor(len))), ModelFormatError, `length ${len}`);
    }
  });

  it('rejects any flipped byte (checksum)', () => {
    for (const at of [3, 9, 20, 400, bytes.length - 40, bytes.length - 5]) {
      const bad = bytes.slice();
      bad[at] ^= 0x01;
      assert.throws(() => decodeVouchFile(bad), ModelFormatError, `byte ${at}`);
    }
  });

  it('rejects a tampered weight even with a recomputed checksum (model id)', () => {
    const bad = bytes.slice();
    bad[bytes.length - 64 - 100] ^= 0x10; // inside the constant data, before the model id
    assert.throws(() => decodeVouchFile(reseal(bad)), /model id does not match/);
  });

  it('rejects a tampered op parameter even with a recomputed checksum', () => {
    const text = new TextDecoder().decode(bytes);
    const at = text.indexOf('"outputZp":');
    assert.ok(at > 0);
    const bad = bytes.slice();
    const digit = bad.findIndex((b, i) => i > at + 11 && b >= 0x30 && b <= 0x39);
    bad[digit] = bad[digit] === 0x39 ? 0x38 : bad[digit] + 1;
    assert.throws(() => decodeVouchFile(reseal(bad)), ModelFormatError);
  });

  it('rejects other files with a clear message', () => {
    assert.throws(() => decodeVouchFile(new TextEncoder().encode('x'.repeat(200))), /VOUCHMDL signature/);
  });

  it('gives every weight and parameter a say in the model id', () => {
    const id = modelCommitment(model).modelId;
    const w = model.constants[0].tensor;
    const changed = { ...model, constants: model.constants.map((c, i) => (i === 0 ? { ...c, tensor: { ...w, data: Int8Array.from(w.data, (v, k) => (k === 0 ? v ^ 1 : v)) } as typeof w } : c)) };
    assert.notDeepEqual(modelCommitment(changed).modelId, id);
    const op0 = { ...model.ops[0], outputZp: (model.ops[0] as { outputZp: number }).outputZp + 1 } as typeof model.ops[0];
    assert.notDeepEqual(modelCommitment({ ...model, ops: [op0, ...model.ops.slice(1)] }).modelId, id);
    const q = { ...model.inputs[0], quant: { ...model.inputs[0].quant, zeroPoint: model.inputs[0].quant.zeroPoint + 1 } };
    assert.notDeepEqual(modelCommitment({ ...model, inputs: [q] }).modelId, id);
  });
});
