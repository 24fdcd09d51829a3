/**
 * onnxruntime-web in Node: the WASM backend, one thread, as in scripts/lib/ort.ts (the bench
 * and the int8 accuracy tests). One thread makes a run's float bits independent of the
 * machine's core count: ORT splits reductions across threads, and the split changes rounding.
 */
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;

export { ort };
