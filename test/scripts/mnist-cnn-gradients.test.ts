import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mnistSplit } from '../../src/data/mnist.ts';
import { softmaxCrossEntropy } from '../../scripts/lib/mnist-cnn/layers.ts';
import {
  backward,
  createActivationGrads,
  createActivations,
  forward,
  initParams,
  paramNames,
  zeroParams,
} from '../../scripts/lib/mnist-cnn/model.ts';
import { createPrng } from '../../scripts/lib/prng.ts';

// Hand-written backward passes are checked against central differences. Relu and MaxPool kinks
// make a few finite differences meaningless, so most (not all) checked entries must match.
test('MNIST CNN backward matches numerical gradients', () => {
  const prng = createPrng(7);
  const params = initParams(prng);
  for (const name of paramNames()) if (name.endsWith('Bias')) params[name].forEach((_, i, a) => (a[i] = 0.01 * prng.normal()));
  const sample = mnistSplit('train')[5];
  const act = createActivations();
  const grads = zeroParams();
  const logitsGrad = new Float32Array(10);
  const loss = () => softmaxCrossEntropy(forward(params, sample.image, act), sample.label, new Float32Array(10));
  softmaxCrossEntropy(forward(params, sample.image, act), sample.label, logitsGrad);
  backward(params, act, logitsGrad, grads, createActivationGrads());

  const step = 1e-3;
  let checked = 0;
  let matched = 0;
  for (const name of paramNames()) {
    for (let trial = 0; trial < 8; trial++) {
      const i = prng.int(params[name].length);
      const original = params[name][i];
      params[name][i] = original + step;
      const up = loss();
      params[name][i] = original - step;
      const down = loss();
      params[name][i] = original;
      const numerical = (up - down) / (2 * step);
      checked++;
      if (Math.abs(numerical - grads[name][i]) <= 2e-3 + 0.05 * Math.abs(numerical)) matched++;
    }
  }
  assert.ok(matched >= 0.9 * checked, `${matched}/${checked} gradient entries match`);
});
