import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attr, buildOnnxModel, type OnnxNode } from '../../../scripts/lib/onnx-builder.ts';
import { InvalidGraphError, OnnxParseError, RuntimeInputError, UnsupportedOnnxError } from '../../../src/runtime/errors.ts';
import { importOnnx } from '../../../src/runtime/import-onnx.ts';

const calibration = [[new Float32Array(2 * 3 * 4 * 4).fill(0.5)]];

function model(nodes: OnnxNode[], opsetVersion = 13, weights = true) {
  return buildOnnxModel({
    opsetVersion,
    irVersion: 7,
    inputs: [{ name: 'x', type: 'float32', shape: [2, 3, 4, 4] }],
    outputs: [{ name: 'y', type: 'float32' }],
    initializers: weights ? [{ name: 'w', dims: [2, 3, 1, 1], data: new Float32Array(6).fill(0.1) }] : [],
    nodes,
  });
}

describe('importer errors name the node and op', () => {
  it('rejects an unknown op', () => {
    const bytes = model([{ opType: 'Gelu', name: 'act1', inputs: ['x'], outputs: ['y'] }]);
    assert.throws(() => importOnnx(bytes, { calibration }), (e: unknown) => e instanceof UnsupportedOnnxError && /node 'act1' \(Gelu\): op Gelu is not supported/.test(e.message));
  });
  it('rejects an unknown attribute', () => {
    const bytes = model([{ opType: 'Relu', name: 'r', inputs: ['x'], outputs: ['y'], attributes: { fancy: attr.int(1) } }]);
    assert.throws(() => importOnnx(bytes, { calibration }), /node 'r' \(Relu\): attribute 'fancy' is not supported/);
  });
  it('rejects an unsupported attribute value', () => {
    const bytes = model([{ opType: 'Conv', name: 'c', inputs: ['x', 'w'], outputs: ['y'], attributes: { auto_pad: attr.string('WEIRD') } }]);
    assert.throws(() => importOnnx(bytes, { calibration }), /node 'c' \(Conv\): auto_pad 'WEIRD' is not supported/);
  });
  it('rejects non-constant conv weights', () => {
    const bytes = model([{ opType: 'Conv', name: 'c', inputs: ['x', 'x'], outputs: ['y'] }]);
    assert.throws(() => importOnnx(bytes, { calibration }), /node 'c' \(Conv\): weight 'x' must be a constant/);
  });
  it('rejects a custom domain', () => {
    const bytes = model([{ opType: 'Relu', name: 'r', domain: 'com.example', inputs: ['x'], outputs: ['y'] }]);
    assert.throws(() => importOnnx(bytes, { calibration }), /custom domain 'com.example'/);
  });
  it('rejects a dangling input', () => {
    const bytes = model([{ opType: 'Relu', name: 'r', inputs: ['nope'], outputs: ['y'] }]);
    assert.throws(() => importOnnx(bytes, { calibration }), InvalidGraphError);
  });
  it('rejects bytes that are not ONNX', () => {
    assert.throws(() => importOnnx(new Uint8Array([0xff, 0xff, 0xff, 0x0f, 1, 2, 3]), { calibration }), OnnxParseError);
  });
  it('rejects a model without calibration samples or with the wrong input count', () => {
    const bytes = model([{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }]);
    assert.throws(() => importOnnx(bytes, { calibration: [] }), RuntimeInputError);
    assert.throws(() => importOnnx(bytes, { calibration: [[new Float32Array(96), new Float32Array(1)]] }), RuntimeInputError);
    assert.throws(() => importOnnx(bytes, { calibration: [[new Float32Array(5)]] }), RuntimeInputError);
  });
  it('rejects a symbolic non-batch dim with a hint', () => {
    const bytes = buildOnnxModel({
      opsetVersion: 13, irVersion: 7,
      inputs: [{ name: 'x', type: 'float32', shape: [1, 'L'] }],
      outputs: [{ name: 'y', type: 'float32' }],
      nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
    });
    assert.throws(() => importOnnx(bytes, { calibration }), /symbolic dim 'L'/);
  });
});
