import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dequantize, quantizeInput } from './boundary.ts';
import { VouchError } from '../errors.ts';
import { importOnnx } from './import-onnx.ts';
import { decodeTensorProtoFile } from './onnx/float-tensor.ts';
import { outputsOf, runModel } from './run-model.ts';

/** A case passes when max |int8 result - reference| <= TOLERANCE * max |reference|. */
export const CONFORMANCE_TOLERANCE = 0.03;

export type CaseResult = {
  name: string;
  passed: boolean;
  /** max abs error relative to max |reference| over all test data sets; undefined when the case failed to run. */
  relativeError?: number;
  ops?: string[];
  error?: string;
};

/** The folders of `dir` that hold an ONNX conformance case (model.onnx + test_data_set_*). */
export function listCases(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new VouchError(`conformance directory '${dir}' does not exist`);
  if (existsSync(join(dir, 'model.onnx'))) return [dir];
  return readdirSync(dir)
    .map((d) => join(dir, d))
    .filter((d) => existsSync(join(d, 'model.onnx')))
    .sort();
}

function readSets(caseDir: string): { inputs: Float64Array[]; output: Float64Array; batch: number }[] {
  const sets = readdirSync(caseDir).filter((d) => d.startsWith('test_data_set_')).sort();
  if (sets.length === 0) throw new VouchError(`case '${caseDir}' has no test_data_set_* folder`);
  return sets.map((s) => {
    const inputs = [];
    for (let i = 0; existsSync(join(caseDir, s, `input_${i}.pb`)); i++) inputs.push(decodeTensorProtoFile(readFileSync(join(caseDir, s, `input_${i}.pb`)), `${s}/input_${i}.pb`));
    const output = decodeTensorProtoFile(readFileSync(join(caseDir, s, 'output_0.pb')), `${s}/output_0.pb`);
    return { inputs: inputs.map((t) => t.data), output: output.data, batch: inputs[0]?.dims[0] ?? 1 };
  });
}

/**
 * Runs one case: imports the model with the case's own inputs as calibration, runs it in int8
 * and compares the first output with output_0.pb.
 */
export function runCase(caseDir: string, name = caseDir): CaseResult {
  try {
    const sets = readSets(caseDir);
    const model = importOnnx(readFileSync(join(caseDir, 'model.onnx')), { calibration: sets.map((s) => s.inputs), batch: sets[0].batch });
    let worst = 0;
    for (const set of sets) {
      const trace = runModel(model, set.inputs.map((x, i) => quantizeInput(model, i, x)));
      const got = dequantize(outputsOf(model, trace)[0].data, model.outputs[0].quant);
      if (got.length !== set.output.length) throw new VouchError(`output has ${got.length} values, the reference ${set.output.length}`);
      let err = 0;
      let max = 0;
      for (let i = 0; i < got.length; i++) {
        err = Math.max(err, Math.abs(got[i] - set.output[i]));
        max = Math.max(max, Math.abs(set.output[i]));
      }
      worst = Math.max(worst, max > 0 ? err / max : err);
    }
    return { name, passed: worst <= CONFORMANCE_TOLERANCE, relativeError: worst, ops: model.ops.map((o) => o.kind) };
  } catch (e) {
    return { name, passed: false, error: e instanceof Error ? e.message : String(e) };
  }
}
