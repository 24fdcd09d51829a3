import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The exports of kernels.wasm (built from wasm/assembly by scripts/build-wasm.ts). Every
 * argument is an i32: pointers are byte offsets into `memory`, which the host lays out.
 */
export type KernelExports = {
  memory: WebAssembly.Memory;
  heapBase(): number;
  packPaired(src: number, dst: number, groups: number, cg: number, h: number, w: number, pt: number, pl: number, ph: number, pw: number, zp: number): void;
  packPlain(src: number, dst: number, c: number, h: number, w: number, pt: number, pl: number, ph: number, pw: number, zp: number): void;
  im2colPlain(src: number, dst: number, taps: number, t: number, oh: number, ow: number, sh: number, sw: number, pw: number, pn: number): void;
  im2colPanel(src: number, dst: number, kOff: number, kPairs: number, oh: number, ow: number, sh: number, sw: number, pw: number, pn: number): void;
  gatherRows(src: number, dst: number, planes: number, perPlane: number, width: number, rowPitch: number, planePitch: number): void;
  convPairs(w: number, col: number, blockStride: number, taps: number, t: number, pn: number, mTiles: number, mult: number, shift: number, lanes: number, out: number, outPitch: number, outZp: number, actMin: number, actMax: number): void;
  prepareLanes(bias: number, mult: number, shift: number, slots: number, lanes: number): void;
  convDepthwise(w: number, col: number, planePitch: number, mg: number, taps: number, t: number, pn: number, m: number, bias: number, mult: number, shift: number, out: number, outZp: number, actMin: number, actMax: number): void;
  convDepthwiseS2(w: number, col: number, planePitch: number, mg: number, taps: number, t: number, m: number, oh: number, ow: number, sh: number, pw: number, bias: number, mult: number, shift: number, out: number, outZp: number, actMin: number, actMax: number): void;
  fcRows(x: number, w: number, rows: number, n: number, kp: number, bias: number, mult: number, shift: number, out: number, outZp: number, actMin: number, actMax: number): void;
  mbqm(x: number, multiplier: number, shift: number): number;
  packRows(src: number, dst: number, rows: number, k: number, kp: number, zp: number): void;
  packColumns(src: number, dst: number, k: number, n: number, kp: number, zp: number): void;
  matmulRows(x: number, w: number, rows: number, n: number, kp: number, multiplier: number, shift: number, out: number, outZp: number, actMin: number, actMax: number): void;
  addInt8(a: number, b: number, out: number, n: number, aZp: number, bZp: number, aMult: number, aShift: number, bMult: number, bShift: number, subtract: number, outMult: number, outShift: number, outZp: number, actMin: number, actMax: number): void;
  mulInt8(a: number, b: number, out: number, n: number, aZp: number, bZp: number, mult: number, shift: number, outZp: number, actMin: number, actMax: number): void;
  padInt8(src: number, dst: number, planes: number, h: number, w: number, pt: number, pl: number, ph: number, pw: number): void;
  maxPool(padded: number, out: number, row: number, planes: number, ph: number, pw: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number): void;
};

export const KERNELS_WASM_URL = new URL('./kernels.wasm', import.meta.url);

let compiled: WebAssembly.Module | undefined;

/** The committed binary, compiled once per process (synchronously: the runner API is synchronous). */
export function kernelsModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(fileURLToPath(KERNELS_WASM_URL)));
  return compiled;
}

/** The module imports a shared memory (so worker threads can share it); 65536 pages = the wasm32 maximum. */
export function createKernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
}

/** An instance over `memory`: a fresh one per runner, the runner's own in its worker threads. */
export function instantiateKernels(memory: WebAssembly.Memory = createKernelMemory()): KernelExports {
  return new WebAssembly.Instance(kernelsModule(), { env: { memory } }).exports as unknown as KernelExports;
}
