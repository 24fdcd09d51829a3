/**
 * Data-parallel gradients over a fixed number of worker threads. Each worker always gets the
 * same contiguous share of a batch and the shares are summed in worker order, so results do not
 * depend on scheduling; they do depend on the worker count, which is therefore fixed by the caller.
 */
import { startTsWorker } from '../ts-worker.ts';
import type { GradientReply, GradientRequest, GradientWorkerData } from './gradient-worker.ts';
import { type MnistCnnParams, paramNames, zeroParams } from './model.ts';

export type GradientWorkers = {
  /** Parameters shared with the workers: update these in place between batches. */
  params: MnistCnnParams;
  /** Sums gradients of the batch (not averaged) into `out`. */
  computeBatch(sampleIndices: Int32Array, shifts: Int32Array, out: MnistCnnParams): Promise<GradientReply>;
  close(): Promise<void>;
};

function sharedLike(params: MnistCnnParams): { views: MnistCnnParams; buffers: GradientWorkerData['params'] } {
  const buffers = {} as GradientWorkerData['params'];
  const views = zeroParams();
  for (const name of paramNames()) {
    buffers[name] = new SharedArrayBuffer(params[name].byteLength);
    views[name] = new Float32Array(buffers[name]);
    views[name].set(params[name]);
  }
  return { views, buffers };
}

export function createGradientWorkers(initialParams: MnistCnnParams, workerCount: number): GradientWorkers {
  const shared = sharedLike(initialParams);
  const workers = Array.from({ length: workerCount }, () => {
    const grads = sharedLike(zeroParams());
    const data: GradientWorkerData = { params: shared.buffers, grads: grads.buffers };
    const worker = startTsWorker(new URL('./gradient-worker.ts', import.meta.url), { workerData: data });
    return { worker, grads: grads.views };
  });

  const request = (index: number, message: GradientRequest) =>
    new Promise<GradientReply>((resolve, reject) => {
      const { worker } = workers[index];
      const onError = (error: Error) => reject(error);
      worker.once('error', onError);
      worker.once('message', (reply: GradientReply) => {
        worker.off('error', onError);
        resolve(reply);
      });
      worker.postMessage(message);
    });

  return {
    params: shared.views,
    async computeBatch(sampleIndices, shifts, out) {
      const share = Math.ceil(sampleIndices.length / workerCount);
      const replies = await Promise.all(
        workers.map((_, w) =>
          request(w, {
            sampleIndices: sampleIndices.slice(w * share, (w + 1) * share),
            shifts: shifts.slice(2 * w * share, 2 * (w + 1) * share),
          }),
        ),
      );
      for (const name of paramNames()) {
        const total = out[name];
        total.fill(0);
        for (const { grads } of workers) {
          const part = grads[name];
          for (let i = 0; i < total.length; i++) total[i] += part[i];
        }
      }
      return replies.reduce((a, b) => ({ lossSum: a.lossSum + b.lossSum, correct: a.correct + b.correct }));
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
