// The inference path must be integer-only. Two checks: the kernel sources use no float
// facility at all, and a whole run works with Math and float arrays poisoned.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { computeElement, runOp } from '../../src/runtime/kernels/index.ts';
import { readerOf } from '../../src/runtime/kernels/matmul.ts';
import { runModel } from '../../src/runtime/run-model.ts';
import { OP_KINDS, operandSource, randomOp } from '../support/random-ops.ts';
import { mnistTestModel } from '../support/mnist-model.ts';

const root = new URL('../../src/runtime/', import.meta.url);
const inferencePath = [
  ...readdirSync(new URL('kernels/', root)).map((f) => `kernels/${f}`),
  'fixed-point.ts',
  'run-model.ts',
  'tensor.ts',
];
const forbidden: [RegExp, string][] = [
  [/\bMath\./, 'Math.*'],
  [/\bFloat(32|64)Array\b/, 'float arrays'],
  [/\bparseFloat\b|\btoFixed\b|\btoPrecision\b/, 'float formatting/parsing'],
  [/(?<![\w.])\d+\.\d+(?![\w.])|\d+e-\d+/i, 'a non-integer literal'],
  [/\bBigInt\b/, 'BigInt (slow path; the kernels must not depend on it)'],
];

function poisonFloat<T>(run: () => T): T {
  const saved = new Map<string, unknown>();
  const g = globalThis as Record<string, unknown>;
  const math = Math as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(Math)) {
    if (typeof math[key] !== 'function') continue;
    saved.set(`Math.${key}`, math[key]);
    math[key] = () => {
      throw new Error(`Math.${key} used on the integer inference path`);
    };
  }
  for (const name of ['Float32Array', 'Float64Array']) {
    saved.set(name, g[name]);
    g[name] = function () {
      throw new Error(`${name} used on the integer inference path`);
    };
  }
  try {
    return run();
  } finally {
    for (const [key, value] of saved) {
      if (key.startsWith('Math.')) math[key.slice(5)] = value;
      else g[key] = value;
    }
  }
}

describe('integer-only inference path', () => {
  for (const file of inferencePath) {
    it(`${file} uses no float facility`, () => {
      const code = readFileSync(new URL(file, root), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      for (const [pattern, what] of forbidden) assert.doesNotMatch(code, pattern, `${file} contains ${what}`);
    });
  }

  it('every kernel and element function runs with Math and float arrays poisoned', () => {
    const instances = OP_KINDS.flatMap((kind) => [1, 2, 3].map((seed) => randomOp(kind, 500 + seed)));
    const expected = instances.map((inst) => runOp(inst.op, operandSource(inst), inst.outShape));
    poisonFloat(() => {
      instances.forEach((inst, k) => {
        const full = runOp(inst.op, operandSource(inst), inst.outShape);
        assert.deepEqual(full, expected[k]);
        const reader = readerOf(operandSource(inst));
        for (let i = 0; i < full.length; i++) assert.equal(computeElement(inst.op, reader, inst.outShape, i), full[i]);
      });
    });
  });

  it('a whole MNIST inference runs with Math and float arrays poisoned', () => {
    const { model, inputs } = mnistTestModel();
    const reference = runModel(model, [inputs[0]]);
    const poisoned = poisonFloat(() => runModel(model, [inputs[0]]));
    assert.deepEqual(poisoned.map((t) => t.data), reference.map((t) => t.data));
  });
});
