import { Worker } from 'node:worker_threads';
import { kernelsModule, type KernelExports } from './kernels-module.ts';

/** convPairs' arguments, in order. */
export type ConvPairsArgs = [
  w: number, col: number, blockStride: number, taps: number, t: number, pn: number, mTiles: number,
  mult: number, shift: number, lanes: number, out: number, outPitch: number, outZp: number, actMin: number, actMax: number,
];

// Control words (Int32Array over a SharedArrayBuffer), shared with conv-worker.mjs:
// SEQ job number (-1 stops the worker), NEXT next chunk to claim, CHUNKS chunks in the job,
// FINISHED chunks done, FAILED the worker threw, CHUNK positions per chunk, ARGS.. convPairs' arguments.
const SEQ = 0;
const NEXT = 1;
const CHUNKS = 2;
const FINISHED = 3;
const FAILED = 4;
const CHUNK = 5;
const ARGS = 8;
/** Claims fail while a job is being set up. */
const CLOSED = 1 << 30;
/** Positions per claimed chunk: small enough that a descheduled worker holds up little work. */
const CHUNK_POSITIONS = 128;

/**
 * A helper thread for convPairs. Both threads claim chunks of output positions from a shared
 * counter until none is left, so a worker that is slow to wake (other processes on the cores)
 * costs at most the chunk it holds. Every output is computed by exactly one thread with the
 * same instructions: the bits do not depend on the split. The main thread blocks in
 * Atomics.wait for chunks the worker holds, keeping the runner synchronous.
 */
export class ConvThreads {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(32 * 4));
  private readonly worker: Worker;
  private seq = 0;

  /** workerOnly (tests): the main thread claims no chunk, so the worker's path is exercised. */
  constructor(private readonly kernels: KernelExports, private readonly workerOnly = false) {
    this.ctl[NEXT] = CLOSED;
    this.worker = new Worker(new URL('./conv-worker.mjs', import.meta.url), {
      workerData: { module: kernelsModule(), memory: kernels.memory, control: this.ctl.buffer },
    });
    this.worker.unref(); // an idle worker must not keep the process alive
  }

  convPairs(...args: ConvPairsArgs): void {
    const [w, col, blockStride, taps, t, pn, mTiles, mult, shift, lanes, out, outPitch, outZp, actMin, actMax] = args;
    const chunks = Math.ceil(pn / CHUNK_POSITIONS);
    const ctl = this.ctl;
    // Publish the job: claims are closed while the arguments change.
    Atomics.store(ctl, NEXT, CLOSED);
    ctl.set(args, ARGS);
    Atomics.store(ctl, CHUNK, CHUNK_POSITIONS);
    Atomics.store(ctl, CHUNKS, chunks);
    Atomics.store(ctl, FINISHED, 0);
    Atomics.store(ctl, NEXT, 0);
    Atomics.store(ctl, SEQ, ++this.seq);
    Atomics.notify(ctl, SEQ);
    for (let c = this.workerOnly ? chunks : Atomics.add(ctl, NEXT, 1); c < chunks; c = Atomics.add(ctl, NEXT, 1)) {
      const first = c * CHUNK_POSITIONS;
      const count = Math.min(CHUNK_POSITIONS, pn - first);
      this.kernels.convPairs(w, col + (first / 8) * blockStride, blockStride, taps, t, count, mTiles, mult, shift, lanes, out + first, outPitch, outZp, actMin, actMax);
      Atomics.add(ctl, FINISHED, 1);
    }
    // Chunks the worker claimed: wait for them (and only them).
    for (let done = Atomics.load(ctl, FINISHED); done < chunks; done = Atomics.load(ctl, FINISHED)) {
      if (Atomics.load(ctl, FAILED)) throw new Error('the conv worker thread failed');
      Atomics.wait(ctl, FINISHED, done, 1000);
    }
  }

  /** Stops the worker thread. */
  close(): void {
    Atomics.store(this.ctl, SEQ, -1);
    Atomics.notify(this.ctl, SEQ);
  }
}
