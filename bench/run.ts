// npm run bench: the figures of docs/benchmarks.md, measured side by side in one run on the
// same models and inputs. Prints markdown tables; nothing here is a test.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { commitTrace } from '../src/commit/traceTree.ts';
import { mnistSplit } from '../src/data/mnist.ts';
import { quantizeInput } from '../src/runtime/boundary.ts';
import { importOnnx } from '../src/runtime/import-onnx.ts';
import type { QModel } from '../src/runtime/model.ts';
import { runModel, type OpRunner } from '../src/runtime/run-model.ts';
import { createWasmRunner } from '../src/runtime/wasm/wasm-runner.ts';
import { createOrtSession, ortFloatTensor, runOrt } from '../scripts/lib/ort.ts';
import { cryptoCommitTrace } from '../test/commit/cryptoCommit.ts';
import { benchKernels } from './kernels.ts';
import { buildLargeCnn, largeCnnInput, LARGE_CNN_INPUT_SHAPE } from './models/large-cnn.ts';

const MIN_MS = Number(process.env.BENCH_MS ?? 3000);

/**
 * Runs `fn` repeatedly for at least MIN_MS (after a warm-up) and returns calls per CPU second
 * of this process. CPU time, not wall time: everything measured here runs on this one thread
 * (onnxruntime-web with numThreads = 1), and other load on the machine does not skew ratios.
 */
async function rate(fn: (i: number) => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(i);
  let n = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < MIN_MS) await fn(n++);
  const used = process.cpuUsage(cpu);
  return (n * 1e6) / (used.user + used.system);
}

type Row = { model: string; macs: number; int8Ref: number; int8Wasm: number; ort: number };

async function compare(name: string, onnx: Uint8Array, model: QModel, floatInputs: Float32Array[], dims: readonly number[], inputName: string, macs: number): Promise<Row> {
  const int8Inputs = floatInputs.map((x) => quantizeInput(model, 0, x));
  const wasm = createWasmRunner();
  const reference = runModel(model, [int8Inputs[0]]);
  const viaWasm = runModel(model, [int8Inputs[0]], wasm as OpRunner);
  if (!reference.every((t, i) => Buffer.from(t.data.buffer).equals(Buffer.from(viaWasm[i].data.buffer)))) {
    throw new Error(`${name}: the wasm runner is not bit-exact with the reference kernels`);
  }
  const session = await createOrtSession(onnx);
  const feeds = floatInputs.map((x) => ({ [inputName]: ortFloatTensor(x, dims) }));
  const k = floatInputs.length;
  return {
    model: name,
    macs,
    int8Ref: await rate((i) => runModel(model, [int8Inputs[i % k]])),
    int8Wasm: await rate((i) => runModel(model, [int8Inputs[i % k]], wasm)),
    ort: await rate((i) => runOrt(session, feeds[i % k])),
  };
}

function mnistMacs(model: QModel): number {
  let macs = 0;
  model.ops.forEach((op, j) => {
    const out = model.values[model.inputs.length + j].shape.reduce((a, b) => a * b, 1);
    if (op.kind === 'conv' || op.kind === 'fc') {
      const w = model.constants[op.weights].tensor;
      macs += (out * w.data.length) / w.shape[0];
    }
  });
  return macs;
}

async function main() {
  console.log(`# Vouch benchmarks\n\nnode ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, ${MIN_MS} ms per figure, rates per CPU second, onnxruntime-web wasm 1 thread fp32\n`);

  const mnistOnnx = readFileSync(new URL('../models/mnist-cnn.onnx', import.meta.url));
  const mnistModel = importOnnx(mnistOnnx, { calibration: mnistSplit('calibration').map((s) => [s.image]) });
  const digits = mnistSplit('test').slice(0, 64).map((s) => s.image);
  const large = buildLargeCnn();
  const largeInputs = [1, 2, 3, 4].map((seed) => largeCnnInput(seed));
  const largeModel = importOnnx(large.bytes, { calibration: [2, 3, 4, 5, 6, 7, 8, 9].map((seed) => [largeCnnInput(seed)]) });

  const rows = [
    await compare('MNIST CNN', mnistOnnx, mnistModel, digits, [1, 1, 28, 28], 'input', mnistMacs(mnistModel)),
    await compare('large CNN', large.bytes, largeModel, largeInputs, LARGE_CNN_INPUT_SHAPE, large.inputName, large.macs),
  ];
  console.log('## Inference: int8 runtime vs onnxruntime-web (same model, same inputs)\n');
  console.log('| model | MMAC | int8 TS reference (inf/s) | int8 WASM SIMD (inf/s) | onnxruntime-web fp32 (inf/s) | WASM / ORT | TS / ORT |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.model} | ${(r.macs / 1e6).toFixed(2)} | ${r.int8Ref.toFixed(1)} | ${r.int8Wasm.toFixed(1)} | ${r.ort.toFixed(1)} | **${(r.int8Wasm / r.ort).toFixed(2)}** | ${(r.int8Ref / r.ort).toFixed(2)} |`);
  }

  console.log('\n## Conv layers of the large CNN (best of repeated runs, wall time)\n');
  console.log('| kernel | MMAC | ms / pass | passes/s | GMAC/s |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of await benchKernels({ minMs: MIN_MS })) {
    console.log(`| ${r.kernel} | ${(r.macs / 1e6).toFixed(1)} | ${r.msPerInference.toFixed(2)} | ${r.inferencesPerSecond.toFixed(1)} | ${r.gmacPerSecond.toFixed(2)} |`);
  }

  // Commitment cost relative to inference, on the MNIST trace: commitTrace (sha256.wasm, batched
  // per tree level) and, as the baseline, one node:crypto call per hash (the implementation before);
  // then the large CNN's trace, where activations per MAC are fewer.
  const wasm = createWasmRunner();
  const trace = runModel(mnistModel, [quantizeInput(mnistModel, 0, digits[0])], wasm);
  const largeTrace = runModel(largeModel, [quantizeInput(largeModel, 0, largeInputs[0])], wasm);
  const bytesOf = (t: typeof trace) => t.reduce((a, x) => a + x.data.byteLength, 0);
  const flat = Buffer.concat(trace.map((t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)));
  const commits = [
    { how: 'commitTrace (sha256.wasm, 4 lanes)', trace, row: rows[0], rate: await rate(() => commitTrace(trace)) },
    { how: 'one node:crypto call per hash (before)', trace, row: rows[0], rate: await rate(() => cryptoCommitTrace(trace)) },
    // Not a commitment (no tree, no proofs): the least any SHA-256 commitment of these bytes can
    // cost in Node, one call hashing them all with the CPU's SHA instructions.
    { how: 'floor: one SHA-256 over all trace bytes (node:crypto)', trace, row: rows[0], rate: await rate(() => createHash('sha256').update(flat).digest()) },
    { how: 'commitTrace (sha256.wasm, 4 lanes)', trace: largeTrace, row: rows[1], rate: await rate(() => commitTrace(largeTrace)) },
  ];
  console.log('\n## Commitment of the trace\n');
  console.log('| model (trace tensors, bytes) | commitment | us / commit | commits/s | MB/s of trace data | commit / inference (TS reference) | commit / inference (WASM) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const c of commits) {
    const bytes = bytesOf(c.trace);
    console.log(`| ${c.row.model} (${c.trace.length}, ${bytes}) | ${c.how} | ${(1e6 / c.rate).toFixed(1)} | ${c.rate.toFixed(0)} | ${((c.rate * bytes) / 1e6).toFixed(1)} | ${(c.row.int8Ref / c.rate).toFixed(3)} | **${(c.row.int8Wasm / c.rate).toFixed(3)}** |`);
  }
}

await main();
