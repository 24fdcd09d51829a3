import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, buildOnnxModel, decodeOnnxModel } from '../../scripts/lib/onnx-builder.ts';
import { createOrtSession, ortFloatTensor, runOrt } from '../../scripts/lib/ort.ts';

/** Deterministic values in [-1, 1) (LCG), enough for test data. */
function seededValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `element ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

async function runSingle(bytes: Uint8Array, feeds: Record<string, [Float32Array, number[]]>) {
  const session = await createOrtSession(bytes);
  const tensors = Object.fromEntries(Object.entries(feeds).map(([k, [d, dims]]) => [k, ortFloatTensor(d, dims)]));
  return runOrt(session, tensors);
}

test('Conv (pads, strides, dilations, group) + Relu matches a plain JS convolution', async () => {
  const [n, c, h, w] = [2, 4, 7, 6];
  const [m, group, kh, kw] = [6, 2, 3, 2];
  const [padTop, padLeft, padBottom, padRight] = [1, 0, 2, 1];
  const [strideH, strideW, dilH, dilW] = [2, 1, 1, 2];
  const cPerGroup = c / group;
  const mPerGroup = m / group;
  const x = seededValues(n * c * h * w, 1);
  const weight = seededValues(m * cPerGroup * kh * kw, 2);
  const bias = seededValues(m, 3);
  const oh = Math.floor((h + padTop + padBottom - dilH * (kh - 1) - 1) / strideH) + 1;
  const ow = Math.floor((w + padLeft + padRight - dilW * (kw - 1) - 1) / strideW) + 1;

  const bytes = buildOnnxModel({
    opsetVersion: 13,
    irVersion: 7,
    inputs: [{ name: 'x', type: 'float32', shape: ['N', c, h, w] }],
    outputs: [{ name: 'y', type: 'float32', shape: ['N', m, oh, ow] }],
    initializers: [
      { name: 'w', dims: [m, cPerGroup, kh, kw], data: weight },
      { name: 'b', dims: [m], data: bias },
    ],
    nodes: [
      {
        opType: 'Conv',
        inputs: ['x', 'w', 'b'],
        outputs: ['conv'],
        attributes: {
          group: attr.int(group),
          kernel_shape: attr.ints([kh, kw]),
          pads: attr.ints([padTop, padLeft, padBottom, padRight]),
          strides: attr.ints([strideH, strideW]),
          dilations: attr.ints([dilH, dilW]),
        },
      },
      { opType: 'Relu', inputs: ['conv'], outputs: ['y'] },
    ],
  });

  const expected = new Float32Array(n * m * oh * ow);
  for (let b = 0; b < n; b++)
    for (let oc = 0; oc < m; oc++) {
      const g = Math.floor(oc / mPerGroup);
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++) {
          let acc = bias[oc];
          for (let ic = 0; ic < cPerGroup; ic++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                const iy = oy * strideH - padTop + ky * dilH;
                const ix = ox * strideW - padLeft + kx * dilW;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                const inC = g * cPerGroup + ic;
                acc += x[((b * c + inC) * h + iy) * w + ix] * weight[((oc * cPerGroup + ic) * kh + ky) * kw + kx];
              }
          expected[((b * m + oc) * oh + oy) * ow + ox] = Math.max(0, acc);
        }
    }

  const { y } = await runSingle(bytes, { x: [x, [n, c, h, w]] });
  assert.deepEqual([...y.dims], [n, m, oh, ow]);
  assertClose(y.data as Float32Array, expected);
});

test('Gemm with transB, alpha and beta matches a plain JS matrix product', async () => {
  const [rows, k, cols] = [3, 5, 4];
  const [alpha, beta] = [0.5, 2];
  const a = seededValues(rows * k, 4);
  const weight = seededValues(cols * k, 5); // [cols, k]: transB=1, as PyTorch exports Linear
  const bias = seededValues(cols, 6);
  const bytes = buildOnnxModel({
    opsetVersion: 13,
    irVersion: 7,
    inputs: [{ name: 'a', type: 'float32', shape: ['N', k] }],
    outputs: [{ name: 'y', type: 'float32', shape: ['N', cols] }],
    initializers: [
      { name: 'w', dims: [cols, k], data: weight },
      { name: 'c', dims: [cols], data: bias },
    ],
    nodes: [
      {
        opType: 'Gemm',
        inputs: ['a', 'w', 'c'],
        outputs: ['y'],
        attributes: { transB: attr.int(1), alpha: attr.float(alpha), beta: attr.float(beta) },
      },
    ],
  });
  const expected = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let i = 0; i < k; i++) acc += a[r * k + i] * weight[j * k + i];
      expected[r * cols + j] = alpha * acc + beta * bias[j];
    }
  const { y } = await runSingle(bytes, { a: [a, [rows, k]] });
  assertClose(y.data as Float32Array, expected);
});

test('Add broadcasts a [C,1,1] initializer over [N,C,H,W], then LeakyRelu applies its float alpha', async () => {
  const [n, c, h, w] = [2, 3, 2, 2];
  const x = seededValues(n * c * h * w, 7);
  const perChannel = new Float32Array([10, -20, 0.5]);
  const alpha = 0.25;
  const bytes = buildOnnxModel({
    opsetVersion: 13,
    irVersion: 7,
    inputs: [{ name: 'x', type: 'float32', shape: [n, c, h, w] }],
    outputs: [{ name: 'y', type: 'float32', shape: [n, c, h, w] }],
    initializers: [{ name: 'shift', dims: [c, 1, 1], data: perChannel }],
    nodes: [
      { opType: 'Add', inputs: ['x', 'shift'], outputs: ['sum'] },
      { opType: 'LeakyRelu', inputs: ['sum'], outputs: ['y'], attributes: { alpha: attr.float(alpha) } },
    ],
  });
  const expected = x.map((v, i) => {
    const s = v + perChannel[Math.floor(i / (h * w)) % c];
    return s >= 0 ? s : alpha * s;
  });
  const { y } = await runSingle(bytes, { x: [x, [n, c, h, w]] });
  assertClose(y.data as Float32Array, expected);
});

test('encoded models keep symbolic dims, opset, IR version and typed attributes', () => {
  const bytes = buildOnnxModel({
    opsetVersion: 17,
    irVersion: 8,
    inputs: [{ name: 'x', type: 'float32', shape: ['batch', 4] }],
    outputs: [{ name: 'y', type: 'float32' }],
    nodes: [
      { opType: 'Softmax', inputs: ['x'], outputs: ['s'], attributes: { axis: attr.int(-1) } },
      { opType: 'Clip', inputs: ['s', '', ''], outputs: ['c'] },
      { opType: 'Upsample', inputs: ['c'], outputs: ['y'], attributes: { mode: attr.string('nearest'), scales: attr.floats([0.5, 2]) } },
    ],
  });
  const model = decodeOnnxModel(bytes);
  assert.equal(Number(model.irVersion), 8);
  assert.equal(Number(model.opsetImport[0].version), 17);
  const dims = model.graph!.input![0].type!.tensorType!.shape!.dim!;
  assert.equal(dims[0].dimParam, 'batch');
  assert.equal(Number(dims[1].dimValue), 4);
  assert.deepEqual(model.graph!.node!.map((n) => n.opType), ['Softmax', 'Clip', 'Upsample']);
  assert.deepEqual(model.graph!.node![1].input, ['s', '', '']);
  const [mode, scales] = model.graph!.node![2].attribute!;
  assert.equal(new TextDecoder().decode(mode.s!), 'nearest');
  assert.deepEqual(scales.floats, [0.5, 2]);
  assert.equal(Number(model.graph!.node![0].attribute![0].i), -1);
});

test('int attributes refuse non-integers and initializers refuse a wrong element count', () => {
  const base = { opsetVersion: 13, irVersion: 7, inputs: [], outputs: [] };
  assert.throws(() => buildOnnxModel({ ...base, nodes: [{ opType: 'Flatten', inputs: ['x'], outputs: ['y'], attributes: { axis: attr.int(1.5) } }] }), TypeError);
  assert.throws(() => buildOnnxModel({ ...base, nodes: [], initializers: [{ name: 'w', dims: [2, 2], data: new Float32Array(3) }] }), RangeError);
});
