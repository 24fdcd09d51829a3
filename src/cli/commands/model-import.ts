import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { VouchError } from '../../errors.ts';
import { encodeVouchFile } from '../../model/vouch-file.ts';
import { importOnnx } from '../../runtime/import-onnx.ts';
import { modelCommitment } from '../../commit/modelCommitment.ts';
import { progress, type Command } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import { readCalibration } from '../tensor-files.ts';
import { hex, printResult } from '../print.ts';

export const modelImport: Command = {
  name: 'model import',
  summary: 'Quantize an ONNX model to int8 with calibration inputs and store it as a .vouch file.',
  usage: 'vouch model import <model.onnx> --calibration <dir|file>... -o <model.vouch> [--batch N] [--json]',
  options: {
    calibration: { type: 'string', short: 'c', multiple: true },
    output: { type: 'string', short: 'o' },
    batch: { type: 'string' },
    json: { type: 'boolean' },
  },
  help: `
Options:
  -c, --calibration <path>  Calibration inputs (repeatable): .pb TensorProto or .json files, a folder
                            of them, or a folder of test_data_set_*/input_N.pb (one sample per set).
  -o, --output <file>       Where to write the .vouch model.
      --batch <N>           Size of a symbolic leading (batch) dimension (default 1).
      --json                Print the result as JSON.

All float work happens here, once: activation ranges from the calibration inputs, per-channel
int8 weights, int32 biases and fixed-point multipliers. The .vouch file holds integers only and
its model id (SHA-256 commitment over ops, weights and boundary).`,
  run({ values, positionals }) {
    const [onnxPath] = positionals;
    if (!onnxPath || positionals.length > 1) throw new UsageError('give exactly one ONNX model');
    if (!existsSync(onnxPath)) throw new VouchError(`model file '${onnxPath}' does not exist`);
    const out = values.output as string | undefined;
    if (!out) throw new UsageError('give the output file with -o <model.vouch>');
    const cal = values.calibration as string[] | undefined;
    if (!cal?.length) throw new UsageError('give calibration inputs with --calibration <dir|file>');
    const batch = values.batch === undefined ? 1 : Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1) throw new UsageError('--batch must be a positive integer');
    const onnx = readFileSync(onnxPath);
    const calibration = readCalibration(cal);
    const model = importOnnx(onnx, { calibration, batch, onProgress: progress('calibrating') });
    const bytes = encodeVouchFile(model, {
      onnxSha256: createHash('sha256').update(onnx).digest('hex'),
      calibrationSamples: calibration.length,
    });
    writeFileSync(out, bytes);
    printResult(values.json === true, {
      file: out,
      modelId: hex(modelCommitment(model).modelId),
      ops: model.ops.length,
      constants: model.constants.length,
      bytes: bytes.length,
      calibrationSamples: calibration.length,
    });
  },
};
