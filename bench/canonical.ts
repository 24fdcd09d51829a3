// node --import tsx bench/canonical.ts: the cost of canonicalising a result and hashing it
// (src/commit/canonical), per result, next to one float MNIST inference. Prints a markdown table.
import { cpus } from 'node:os';
import { canonicalize } from '../src/commit/canonical/canonicalize.ts';
import type { CanonicalResult, CanonicalSpec } from '../src/commit/canonical/constants.ts';
import { mnistSplit } from '../src/data/mnist.ts';
import { loadFloatModel } from '../src/runtime/float/loadFloatModel.ts';
import { runFloat } from '../src/runtime/float/runFloat.ts';

const MIN_MS = Number(process.env.BENCH_MS ?? 1000);

/** Calls per CPU second of this process after a warm-up (as bench/run.ts measures). */
async function rate(fn: () => unknown): Promise<number> {
  for (let i = 0; i < 50; i++) await fn();
  let n = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < MIN_MS) {
    await fn();
    n++;
  }
  const used = process.cpuUsage(cpu);
  return (n * 1e6) / (used.user + used.system);
}

const model = await loadFloatModel(new URL('../models/mnist-cnn.onnx', import.meta.url).pathname);
const digit = { dtype: 'float32' as const, dims: [1, 1, 28, 28], data: mnistSplit('test')[0].image };
const [logits] = await runFloat(model, [digit]);
const big = { dtype: 'float32' as const, dims: [1000, 1000], data: Float32Array.from({ length: 1e6 }, (_, i) => Math.sin(i) * 100) };
const answer = '  The capital of France is PARIS.\n It has about 2.1 million inhabitants; the metropolitan area over 12 million.  ';

const cases: [string, CanonicalSpec, CanonicalResult, inputBytes: number][] = [
  ['MNIST logits [1,10]', { kind: 'exact' }, { tensors: [logits] }, 40],
  ['MNIST logits [1,10]', { kind: 'top1' }, { tensors: [logits] }, 40],
  ['MNIST logits [1,10]', { kind: 'round', decimals: 3 }, { tensors: [logits] }, 40],
  [`text, ${answer.length} chars`, { kind: 'text' }, { text: answer }, answer.length],
  ['float32 [1000,1000]', { kind: 'exact' }, { tensors: [big] }, 4e6],
  ['float32 [1000,1000]', { kind: 'round', decimals: 3 }, { tensors: [big] }, 4e6],
];

const inference = await rate(() => runFloat(model, [digit]));
console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, ${MIN_MS} ms per figure, rates per CPU second\n`);
console.log('| result | canonicalisation | us / result (bytes + SHA-256) | results/s | MB/s of result | / one float MNIST inference |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [what, spec, result, inputBytes] of cases) {
  const r = await rate(() => canonicalize(spec, result));
  const name = spec.kind === 'round' ? `round:${spec.decimals}` : spec.kind;
  const share = what.startsWith('MNIST') ? `${((100 * inference) / r).toFixed(1)}%` : '';
  console.log(`| ${what} | ${name} | ${(1e6 / r).toFixed(2)} | ${r.toFixed(0)} | ${((r * inputBytes) / 1e6).toFixed(0)} | ${share} |`);
}
console.log(`\nfloat MNIST inference (onnxruntime-web, wasm, 1 thread, batch 1): ${(1e6 / inference).toFixed(0)} us`);
