import type { FloatGraph } from '../onnx/float-ops.ts';
import { runFloatGraph } from '../onnx/run-float.ts';

export type Range = { lo: number; hi: number };

/** Runs the float graph on every calibration sample and records each value's [min, max]. */
export function calibrate(graph: FloatGraph, samples: Float64Array[][], onProgress?: (done: number, total: number) => void): Map<string, Range> {
  const ranges = new Map<string, Range>();
  samples.forEach((inputs, i) => {
    const values = runFloatGraph(graph, inputs);
    for (const [name, t] of values) {
      if (graph.constants.has(name)) continue;
      let { lo, hi } = ranges.get(name) ?? { lo: Infinity, hi: -Infinity };
      for (const v of t.data) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      ranges.set(name, { lo, hi });
    }
    onProgress?.(i + 1, samples.length);
  });
  return ranges;
}
