// Worker side of conv-threads.ts: instantiates the kernels over the runner's shared memory and
// helps with each convPairs job by claiming chunks of output positions. Plain JavaScript so it
// needs no loader. Control word layout: see conv-threads.ts.
import { workerData } from 'node:worker_threads';

const { module, memory, control } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
const [SEQ, NEXT, CHUNKS, FINISHED, FAILED, CHUNK, ARGS] = [0, 1, 2, 3, 4, 5, 8];

let seen = 0;
try {
  for (;;) {
    Atomics.wait(ctl, SEQ, seen);
    seen = Atomics.load(ctl, SEQ);
    if (seen < 0) break;
    for (;;) {
      const c = Atomics.add(ctl, NEXT, 1);
      if (c >= Atomics.load(ctl, CHUNKS)) break;
      const a = ctl.subarray(ARGS, ARGS + 15);
      const chunk = ctl[CHUNK];
      const first = c * chunk;
      const count = Math.min(chunk, a[5] - first);
      kernels.convPairs(a[0], a[1] + (first / 8) * a[2], a[2], a[3], a[4], count, a[6], a[7], a[8], a[9], a[10] + first, a[11], a[12], a[13], a[14]);
      Atomics.add(ctl, FINISHED, 1);
      Atomics.notify(ctl, FINISHED);
    }
  }
} catch (error) {
  Atomics.store(ctl, FAILED, 1); // the main thread stops waiting and throws
  Atomics.notify(ctl, FINISHED);
  throw error;
}
