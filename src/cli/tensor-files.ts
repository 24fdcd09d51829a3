import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { VouchError } from '../errors.ts';
import { decodeTensorProtoFile } from '../runtime/onnx/float-tensor.ts';

/**
 * Reads the float inputs of one sample from a file:
 *  - .pb: an ONNX TensorProto (one input);
 *  - .json: an array of numbers (one input), or {"inputs": [[...], ...]} (one array per input),
 *    nested arrays are flattened row-major.
 */
export function readSample(path: string): Float64Array[] {
  if (!existsSync(path)) throw new VouchError(`input file '${path}' does not exist`);
  const ext = extname(path).toLowerCase();
  if (ext === '.pb') return [decodeTensorProtoFile(readFileSync(path), path).data];
  if (ext === '.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (cause) {
      throw new VouchError(`input file '${path}' is not valid JSON`, { cause });
    }
    const inputs = Array.isArray(parsed) ? [parsed] : (parsed as { inputs?: unknown })?.inputs;
    if (!Array.isArray(inputs)) throw new VouchError(`input file '${path}' must hold an array of numbers or {"inputs": [...]}`);
    return inputs.map((x, i) => {
      const flat = (Array.isArray(x) ? x : [x]).flat(Infinity as 1);
      if (!flat.every((v) => typeof v === 'number' && Number.isFinite(v))) throw new VouchError(`input ${i} in '${path}' must contain only finite numbers`);
      return Float64Array.from(flat as number[]);
    });
  }
  throw new VouchError(`input file '${path}' must be .pb (ONNX TensorProto) or .json`);
}

/**
 * Calibration samples from paths: files are one sample each (see readSample); a directory
 * holding test_data_set_* folders gives one sample per folder (input_0.pb, input_1.pb, ...);
 * any other directory gives one sample per .pb/.json file in it.
 */
export function readCalibration(paths: string[]): Float64Array[][] {
  const samples: Float64Array[][] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new VouchError(`calibration path '${p}' does not exist`);
    if (!statSync(p).isDirectory()) {
      samples.push(readSample(p));
      continue;
    }
    const entries = readdirSync(p).sort();
    const sets = entries.filter((e) => e.startsWith('test_data_set_'));
    if (sets.length > 0) {
      for (const s of sets) {
        const inputs: Float64Array[] = [];
        for (let i = 0; existsSync(join(p, s, `input_${i}.pb`)); i++) inputs.push(readSample(join(p, s, `input_${i}.pb`))[0]);
        samples.push(inputs);
      }
    } else {
      for (const e of entries) if (/\.(pb|json)$/i.test(e)) samples.push(readSample(join(p, e)));
    }
  }
  if (samples.length === 0) throw new VouchError(`no calibration samples found in ${paths.join(', ')}`);
  return samples;
}
