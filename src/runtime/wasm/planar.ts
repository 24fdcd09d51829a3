import type { QOp } from '../model.ts';

/**
 * The wasm kernels cover 1-D and 2-D windows: shapes of rank 2..4 seen as [N, C, H, W] (as the
 * reference kernels see them), and no depth axis. Local helpers so this path does not depend on
 * how the shared runtime spells its higher-rank support.
 */
export function planarShape(shape: readonly number[]): [number, number, number, number] | undefined {
  switch (shape.length) {
    case 2: return [shape[0], shape[1], 1, 1];
    case 3: return [shape[0], shape[1], 1, shape[2]];
    case 4: return [shape[0], shape[1], shape[2], shape[3]];
    default: return undefined;
  }
}

type DepthWindow = { kernel: number; padBegin: number; padEnd: number };

/** True when the op has no depth window (or a 1-wide, unpadded one): a plain 2-D op. */
export function isPlanarWindow(op: Extract<QOp, { kind: 'conv' | 'maxPool' }>): boolean {
  const depth = (op as { depth?: DepthWindow }).depth;
  return !depth || (depth.kernel === 1 && depth.padBegin === 0 && depth.padEnd === 0);
}
