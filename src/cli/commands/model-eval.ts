import { readFileSync } from 'node:fs';
import { commitTrace } from '../../commit/traceTree.ts';
import { mnistSplit, type MnistSplit } from '../../data/mnist.ts';
import { VouchError } from '../../errors.ts';
import { decodeVouchFile } from '../../model/vouch-file.ts';
import { quantizeInput } from '../../runtime/boundary.ts';
import { outputsOf, runModel } from '../../runtime/run-model.ts';
import { progress, type Command } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import { hex, printResult } from '../print.ts';

const SPLITS: MnistSplit[] = ['train', 'calibration', 'test'];

export const modelEval: Command = {
  name: 'model eval',
  summary: 'Measure a .vouch classifier on a split of the real MNIST digits (int8 runtime).',
  usage: 'vouch model eval <model.vouch> [--split test|calibration|train] [--limit N] [--json]',
  options: { split: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  help: `
Options:
      --split <name>  Which part of the fixed MNIST split to use (default: test, digits never
                      used for training or calibration).
      --limit <N>     Only the first N digits (the split is interleaved by class).
      --json          Print the result as JSON.

Prints accuracy, inferences per second and the trace root of the first digit (equal on every
machine for the same model: the runtime is deterministic).`,
  run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError('give exactly one .vouch model');
    const split = (values.split ?? 'test') as MnistSplit;
    if (!SPLITS.includes(split)) throw new UsageError(`--split must be one of ${SPLITS.join(', ')}`);
    const { model, modelId } = decodeVouchFile(readFileSync(positionals[0]));
    const shape = model.values[model.inputs[0]?.value ?? 0]?.shape ?? [];
    if (model.inputs.length !== 1 || shape.reduce((a, b) => a * b, 1) !== 784) {
      throw new VouchError(`model takes ${model.inputs.length} input(s) of shape [${shape}]; MNIST evaluation needs one 784-value input (batch 1)`);
    }
    let samples = mnistSplit(split);
    if (values.limit !== undefined) {
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
      samples = samples.slice(0, limit);
    }
    const report = progress(`evaluating on ${split}`);
    let correct = 0;
    let firstRoot = '';
    const start = performance.now();
    samples.forEach((s, i) => {
      const trace = runModel(model, [quantizeInput(model, 0, s.image)]);
      if (i === 0) firstRoot = hex(commitTrace(trace).root);
      const out = outputsOf(model, trace)[0].data;
      let best = 0;
      for (let k = 1; k < out.length; k++) if (out[k] > out[best]) best = k;
      if (best === s.label) correct++;
      report(i + 1, samples.length);
    });
    const seconds = (performance.now() - start) / 1000;
    printResult(values.json === true, {
      modelId: hex(modelId),
      split,
      digits: samples.length,
      correct,
      accuracy: Number((correct / samples.length).toFixed(4)),
      inferencesPerSecond: Math.round(samples.length / seconds),
      firstTraceRoot: firstRoot,
    });
  },
};
