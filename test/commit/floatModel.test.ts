import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CanonicalSpecError } from '../../src/commit/canonical/errors.ts';
import { FLOAT_MODEL_DOMAIN, floatModelId } from '../../src/commit/floatModelId.ts';
import { floatModelRegistration } from '../../src/commit/floatModelRegistration.ts';
import { modelCommitment } from '../../src/commit/modelCommitment.ts';
import { decodeVouchFile } from '../../src/model/vouch-file.ts';
import { loadFloatModel } from '../../src/runtime/float/loadFloatModel.ts';

const onnx = new Uint8Array(readFileSync(new URL('../../models/mnist-cnn.onnx', import.meta.url)));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('float model id', () => {
  it('is SHA-256(0x07 || the ONNX file bytes)', () => {
    assert.equal(FLOAT_MODEL_DOMAIN, 0x07);
    const expected = createHash('sha256').update(Uint8Array.of(0x07)).update(onnx).digest('hex');
    assert.equal(hex(floatModelId(onnx)), expected);
    // models/README.md pins the file itself: sha256 cf330d36...
    assert.equal(createHash('sha256').update(onnx).digest('hex'), 'cf330d36cc17d5ffe321540961d3f51b05e4466fb7109843e88e50a2f895a0a9');
  });

  it('changes with any byte of the file', () => {
    const edited = onnx.slice();
    edited[edited.length - 1] ^= 1;
    assert.notEqual(hex(floatModelId(edited)), hex(floatModelId(onnx)));
  });

  it('differs from the int8 model id of the same network', () => {
    const file = decodeVouchFile(readFileSync(new URL('../../models/mnist-cnn.vouch', import.meta.url)));
    assert.equal(hex(modelCommitment(file.model).modelId), hex(file.modelId));
    assert.notEqual(hex(floatModelId(onnx)), hex(file.modelId));
  });
});

const model = await loadFloatModel(onnx);

describe('float model registration', () => {

  it('records id, name, canonicalisation (name, id, parameter, uint16 code), modes and I/O', () => {
    const reg = floatModelRegistration(model, { name: 'mnist-cnn-float', canonical: 'round:3' });
    assert.deepEqual(reg, {
      format: 'onnx-float',
      modelId: `0x${hex(floatModelId(onnx))}`,
      name: 'mnist-cnn-float',
      canonical: { name: 'round:3', kind: 'round', id: 3, param: 3, code: 0x0303 },
      modes: ['quorum', 'sampled'],
      byteLength: onnx.length,
      inputs: [{ name: 'input', dtype: 'float32', shape: ['N', 1, 28, 28] }],
      outputs: [{ name: 'logits', dtype: 'float32', shape: ['N', 10] }],
    });
    assert.deepEqual(JSON.parse(JSON.stringify(reg)), reg, 'JSON-safe');
    assert.deepEqual(floatModelRegistration(model, { name: 'm', canonical: { kind: 'top1' }, modes: ['quorum'] }).canonical, { name: 'top1', kind: 'top1', id: 2, param: 0, code: 0x0200 });
  });

  it('refuses bad names, unknown or unfitting canonicalisations and the optimistic mode', () => {
    const refuse = (params: Parameters<typeof floatModelRegistration>[1], pattern: RegExp) =>
      assert.throws(() => floatModelRegistration(model, params), (e: unknown) => e instanceof CanonicalSpecError && pattern.test(e.message));
    refuse({ name: ' ', canonical: 'exact' }, /name is required/);
    refuse({ name: 'a\nb', canonical: 'exact' }, /control character/);
    refuse({ name: 'x'.repeat(65), canonical: 'exact' }, /65 bytes; at most 64/);
    refuse({ name: 'm', canonical: 'round:99' }, /k in 0..22, got 99/);
    refuse({ name: 'm', canonical: 'median' }, /unknown canonicalisation 'median'/);
    refuse({ name: 'm', canonical: 'text' }, /an ONNX model returns tensors/);
    refuse({ name: 'm', canonical: 'exact', modes: ['optimistic' as 'quorum'] }, /cannot be served in mode 'optimistic'/);
    refuse({ name: 'm', canonical: 'exact', modes: [] }, /at least one verification mode/);
    const boolOut = { ...model, outputs: [{ name: 'mask', dtype: 'bool' as const, shape: [4] }] };
    assert.throws(() => floatModelRegistration(boolOut, { name: 'm', canonical: 'top1' }), /cannot rank/);
    assert.throws(() => floatModelRegistration(boolOut, { name: 'm', canonical: 'round:2' }), /cannot round output 'mask'/);
    assert.equal(floatModelRegistration(boolOut, { name: 'm', canonical: 'exact' }).canonical.code, 0x0100);
  });
});
