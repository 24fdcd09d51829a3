// Measures tensor commitment throughput per leaf size and the cost of committing an
// MNIST-sized trace. Run: node --import tsx test/commit/bench/hashThroughput.ts
import { int32Tensor, int8Tensor, type IntTensor } from '../../../src/runtime/tensor.ts';
import { tensorRoot } from '../../../src/commit/tensorRoot.ts';
import { tensorHash } from '../../../src/commit/tensorHash.ts';
import { traceRoot } from '../../../src/commit/traceTree.ts';
import { cpuMsPerCall } from './cpuMsPerCall.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24) - 128;
}

const timeMs = (fn: () => void, minMs = 300) => cpuMsPerCall(fn, minMs, 20);

const rnd = lcg(1);
const big = int8Tensor([100_000], Int8Array.from({ length: 100_000 }, rnd));
console.log(`node ${process.version}; tensor: int8 x 100000 (100 KB); CPU time per call, best of 3 loops of >= 300 ms wall`);
console.log('leaf B | ms / tensor | MB/s | hashes');
for (const leafSize of [32, 64, 128, 256, 512]) {
  const ms = Math.min(...[0, 1, 2].map(() => timeMs(() => tensorRoot(big, { leafSize }))));
  const leaves = Math.ceil(100_000 / leafSize);
  console.log(`${String(leafSize).padStart(6)} | ${ms.toFixed(3).padStart(11)} | ${(0.1 / (ms / 1000)).toFixed(0).padStart(4)} | ${2 * leaves - 1}`);
}

// An MNIST-sized trace (~26 KB): input, conv 16 ch (+relu), pool, conv 32 ch (+relu), pool, flatten,
// fc 64 (int32 accumulator, int8 requantized), fc 10 (int32, int8).
const shapes: Array<[('int8' | 'int32'), number[]]> = [
  ['int8', [1, 1, 28, 28]], ['int8', [1, 16, 28, 28]], ['int8', [1, 16, 14, 14]], ['int8', [1, 32, 14, 14]],
  ['int8', [1, 32, 7, 7]], ['int8', [1, 1568]], ['int32', [1, 64]], ['int8', [1, 64]], ['int32', [1, 10]], ['int8', [1, 10]],
];
const trace: IntTensor[] = shapes.map(([dt, s]) => {
  const n = s.reduce((a, b) => a * b, 1);
  return dt === 'int8' ? int8Tensor(s, Int8Array.from({ length: n }, rnd)) : int32Tensor(s, Int32Array.from({ length: n }, () => rnd() * 1000));
});
const bytes = trace.reduce((a, t) => a + t.data.byteLength, 0);
console.log(`\nMNIST-sized trace: ${trace.length} tensors, ${bytes} bytes`);
for (const leafSize of [32, 64, 128, 256, 512]) {
  const ms = Math.min(...[0, 1, 2].map(() => timeMs(() => traceRoot(trace.map((t) => tensorHash(t, { leafSize }))))));
  console.log(`leaf ${leafSize} B: ${(ms * 1000).toFixed(0)} us per trace commitment`);
}
