import { RuntimeInputError } from './errors.ts';
import type { QModel } from './model.ts';
import { buildGraph } from './onnx/build-graph.ts';
import { parseOnnx } from './onnx/parse.ts';
import { calibrate } from './quantize/calibrate.ts';
import { lowerGraph } from './quantize/lower.ts';
import { quantizeGraph } from './quantize/quantize-graph.ts';

export type ImportOptions = {
  /** Calibration samples: for each sample, one float array per model input. */
  calibration: ArrayLike<number>[][];
  /** Size of a symbolic leading (batch) dim; default 1. */
  batch?: number;
  /** Sizes of other symbolic dims by name. */
  dims?: Record<string, number>;
  onProgress?: (done: number, total: number) => void;
};

/**
 * ONNX bytes -> integer-only model: parse, normalize, lower to the runtime's op set, calibrate
 * activation ranges on the samples, quantize. The only place floats are used.
 */
export function importOnnx(bytes: Uint8Array, options: ImportOptions): QModel {
  if (options.calibration.length === 0) throw new RuntimeInputError('at least one calibration sample is needed to choose activation ranges');
  const graph = lowerGraph(buildGraph(parseOnnx(bytes), { batch: options.batch, dims: options.dims }));
  const samples = options.calibration.map((sample, s) => {
    if (sample.length !== graph.inputs.length) throw new RuntimeInputError(`calibration sample ${s} has ${sample.length} input(s), the model takes ${graph.inputs.length}`);
    return sample.map((x) => Float64Array.from(x));
  });
  return quantizeGraph(graph, calibrate(graph, samples, options.onProgress));
}
