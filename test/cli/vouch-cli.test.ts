import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeVouchFile } from '../../src/model/vouch-file.ts';
import { decodeTensorProtoFile } from '../../src/runtime/onnx/float-tensor.ts';
import { mnistSplit } from '../../src/data/mnist.ts';

const bin = fileURLToPath(new URL('../../bin/vouch.js', import.meta.url));
const cases = fileURLToPath(new URL('../../../shared/onnx-cases', import.meta.url));
const mnistVouch = fileURLToPath(new URL('../../models/mnist-cnn.vouch', import.meta.url));

function vouch(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('vouch CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-cli-'));

  it('explains itself with --help, and refuses unknown commands and flags', () => {
    const top = vouch('--help');
    assert.equal(top.code, 0);
    assert.match(top.out, /model import/);
    assert.match(top.out, /conformance/);
    const sub = vouch('model', 'import', '--help');
    assert.equal(sub.code, 0);
    assert.match(sub.out, /--calibration/);
    assert.equal(vouch('model', 'frobnicate').code, 2);
    const badFlag = vouch('model', 'inspect', '--nope', mnistVouch);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.err, /Unknown option '--nope'/);
  });

  it('runs the conformance cases and ends with the pass/fail line (and --json)', () => {
    const text = vouch('conformance', cases);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^12 passed, 0 failed$/m);
    const json = JSON.parse(vouch('conformance', cases, '--json').out);
    assert.equal(json.failed, 0);
    assert.ok(json.cases.every((c: { relativeError: number }) => c.relativeError <= 0.03));
  });

  it('imports, inspects and runs a model end to end', () => {
    const out = join(dir, 'conv.vouch');
    const caseDir = join(cases, 'test_Conv2d');
    const imported = vouch('model', 'import', join(caseDir, 'model.onnx'), '--calibration', caseDir, '--batch', '2', '-o', out, '--json');
    assert.equal(imported.code, 0, imported.err);
    const { modelId } = JSON.parse(imported.out);
    assert.equal(modelId, `0x${Buffer.from(decodeVouchFile(readFileSync(out)).modelId).toString('hex')}`);
    const inspected = JSON.parse(vouch('model', 'inspect', out, '--json').out);
    assert.equal(inspected.modelId, modelId);
    assert.deepEqual(inspected.ops.map((o: { kind: string }) => o.kind), ['conv']);
    const pb = join(dir, 'out.pb');
    const run = vouch('model', 'run', out, join(caseDir, 'test_data_set_0', 'input_0.pb'), '-o', pb, '--json');
    assert.equal(run.code, 0, run.err);
    const result = JSON.parse(run.out);
    const ref = decodeTensorProtoFile(readFileSync(join(caseDir, 'test_data_set_0', 'output_0.pb')));
    const got = decodeTensorProtoFile(readFileSync(pb));
    assert.deepEqual(got.dims, ref.dims);
    const max = Math.max(...ref.data.map(Math.abs));
    assert.ok(ref.data.every((v, i) => Math.abs(v - got.data[i]) <= 0.03 * max));
    assert.match(result.traceRoot, /^0x[0-9a-f]{64}$/);
  });

  it('classifies a held-out MNIST digit with the committed model from a JSON input', () => {
    const digit = mnistSplit('test').find((s) => s.label === 3)!;
    const input = join(dir, 'digit.json');
    writeFileSync(input, JSON.stringify(Array.from(digit.image)));
    const run = vouch('model', 'run', mnistVouch, input, '--json');
    assert.equal(run.code, 0, run.err);
    assert.equal(JSON.parse(run.out).argmax, 3);
  });

  it('evaluates the committed MNIST model on held-out digits with --json', () => {
    const r = vouch('model', 'eval', mnistVouch, '--limit', '40', '--json');
    assert.equal(r.code, 0, r.err);
    const result = JSON.parse(r.out);
    assert.equal(result.digits, 40);
    assert.ok(result.accuracy >= 0.9, `accuracy ${result.accuracy}`);
    assert.match(r.err, /evaluating on test: 40\/40/);
  });

  it('gives actionable errors for bad input files and models', () => {
    const broken = join(dir, 'broken.vouch');
    writeFileSync(broken, readFileSync(mnistVouch).subarray(0, 1000));
    const r1 = vouch('model', 'inspect', broken);
    assert.equal(r1.code, 1);
    assert.match(r1.err, /not a valid \.vouch model/);
    const badJson = join(dir, 'bad.json');
    writeFileSync(badJson, '{"inputs": [[1, "x"]]}');
    const r2 = vouch('model', 'run', mnistVouch, badJson);
    assert.equal(r2.code, 1);
    assert.match(r2.err, /finite numbers/);
    const short = join(dir, 'short.json');
    writeFileSync(short, '[1, 2, 3]');
    assert.match(vouch('model', 'run', mnistVouch, short).err, /needs 784 values/);
    const r3 = vouch('model', 'import', join(dir, 'missing.onnx'), '-c', dir, '-o', join(dir, 'x.vouch'));
    assert.equal(r3.code, 1);
    assert.match(r3.err, /does not exist/);
    const r4 = vouch('model', 'import', join(cases, 'test_ReLU', 'model.onnx'), '-o', join(dir, 'x.vouch'));
    assert.equal(r4.code, 2);
    assert.match(r4.err, /--calibration/);
  });
});
