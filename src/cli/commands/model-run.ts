import { readFileSync, writeFileSync } from 'node:fs';
import { VouchError } from '../../errors.ts';
import { commitTrace } from '../../commit/traceTree.ts';
import { decodeVouchFile } from '../../model/vouch-file.ts';
import { dequantize, quantizeInput } from '../../runtime/boundary.ts';
import { encodeTensorProtoFile } from '../../runtime/onnx/float-tensor.ts';
import { outputsOf, runModel } from '../../runtime/run-model.ts';
import type { Command } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import { hex, printResult } from '../print.ts';
import { readSample } from '../tensor-files.ts';

export const modelRun: Command = {
  name: 'model run',
  summary: 'Run a .vouch model on one input with the deterministic int8 runtime.',
  usage: 'vouch model run <model.vouch> <input.pb|input.json> [-o <output.pb>] [--json]',
  options: { output: { type: 'string', short: 'o' }, json: { type: 'boolean' } },
  help: `
Options:
  -o, --output <file>  Also write the first output (dequantized) as an ONNX TensorProto.
      --json           Print the result as JSON.

Prints the output (int8 and dequantized), its argmax, and the commitment of the run: the output
tensor hash and the trace root a worker would claim.`,
  run({ values, positionals }) {
    const [modelPath, inputPath] = positionals;
    if (!modelPath || !inputPath || positionals.length > 2) throw new UsageError('give a .vouch model and one input file');
    const { model, modelId } = decodeVouchFile(readFileSync(modelPath));
    const sample = readSample(inputPath);
    if (sample.length !== model.inputs.length) throw new VouchError(`the model takes ${model.inputs.length} input(s), '${inputPath}' holds ${sample.length}`);
    const trace = runModel(model, sample.map((x, i) => quantizeInput(model, i, x)));
    const commitment = commitTrace(trace);
    const [out] = outputsOf(model, trace);
    const real = dequantize(out.data, model.outputs[0].quant);
    let argmax = 0;
    for (let i = 1; i < out.data.length; i++) if (out.data[i] > out.data[argmax]) argmax = i;
    if (values.output) writeFileSync(values.output as string, encodeTensorProtoFile({ dims: [...out.shape], data: real }, model.outputs[0].name));
    printResult(values.json === true, {
      modelId: hex(modelId),
      output: model.outputs[0].name,
      shape: out.shape,
      int8: Array.from(out.data),
      values: Array.from(real, (v) => Number(v.toPrecision(6))),
      argmax,
      outputHash: hex(commitment.tensorHashes[model.outputs[0].value]),
      traceRoot: hex(commitment.root),
      traceTensors: trace.length,
    });
  },
};
