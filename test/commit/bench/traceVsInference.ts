// Cost of committing a real execution trace vs the inference that produced it, same process,
// same machine load: models/mnist-cnn.vouch on a deterministic input, against the reference and
// the WASM runners, and against the node:crypto-per-hash commitment it replaced.
// Run: node --import tsx test/commit/bench/traceVsInference.ts
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commitTrace } from '../../../src/commit/traceTree.ts';
import { decodeVouchFile } from '../../../src/model/vouch-file.ts';
import { quantizeInput } from '../../../src/runtime/boundary.ts';
import { runModel } from '../../../src/runtime/run-model.ts';
import { createWasmRunner } from '../../../src/runtime/wasm/wasm-runner.ts';
import { cryptoCommitTrace } from '../cryptoCommit.ts';
import { sizeOf } from '../../../src/runtime/tensor.ts';
import { cpuMsPerCall as measure } from './cpuMsPerCall.ts';

const cpuMsPerCall = (fn: () => void) => measure(fn, 1000);

const file = fileURLToPath(new URL('../../../models/mnist-cnn.vouch', import.meta.url));
const { model } = decodeVouchFile(readFileSync(file));
const n = sizeOf(model.values[model.inputs[0].value].shape);
const input = quantizeInput(model, 0, Float64Array.from({ length: n }, (_, i) => ((i * 37) % 255) / 255));

const trace = runModel(model, [input]);
const bytes = trace.reduce((s, t) => s + t.data.byteLength, 0);
const infer = Math.min(...[0, 1, 2].map(() => cpuMsPerCall(() => runModel(model, [input]))));
const wasm = createWasmRunner();
const inferWasm = Math.min(...[0, 1, 2].map(() => cpuMsPerCall(() => runModel(model, [input], wasm))));
const commit = Math.min(...[0, 1, 2].map(() => cpuMsPerCall(() => commitTrace(trace))));
const before = Math.min(...[0, 1, 2].map(() => cpuMsPerCall(() => cryptoCommitTrace(trace))));
console.log(`mnist-cnn: ${trace.length} trace tensors, ${bytes} bytes; CPU time per call, best of 3 loops of >= 1 s`);
console.log(`commitTrace ${(1000 * commit).toFixed(1)} us (sha256.wasm); one node:crypto call per hash ${(1000 * before).toFixed(1)} us: ${(before / commit).toFixed(2)}x`);
console.log(`inference, reference TS kernels ${(1000 * infer).toFixed(1)} us: commit = ${((100 * commit) / infer).toFixed(1)} % of it`);
console.log(`inference, WASM SIMD kernels ${(1000 * inferWasm).toFixed(1)} us: commit = ${((100 * commit) / inferWasm).toFixed(1)} % of it`);
