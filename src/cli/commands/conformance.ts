import { relative } from 'node:path';
import { CONFORMANCE_TOLERANCE, listCases, runCase } from '../../runtime/conformance.ts';
import type { Command } from '../args.ts';
import { UsageError } from '../cli-error.ts';

export const conformance: Command = {
  name: 'conformance',
  summary: 'Run ONNX conformance cases through the int8 importer and runtime.',
  usage: 'vouch conformance <dir> [--json]',
  options: { json: { type: 'boolean' } },
  help: `
<dir> holds case folders (model.onnx + test_data_set_*/input_N.pb + output_0.pb), or is one.
Each case is imported with its own inputs as calibration, run in int8 and compared with
output_0.pb: max abs error relative to max |reference|, pass if <= ${CONFORMANCE_TOLERANCE}.
Ends with "N passed, N failed"; exits 1 if any case failed.

Options:
      --json  Print {cases: [...], passed, failed} as JSON.`,
  run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError('give exactly one directory');
    const dir = positionals[0];
    const results = listCases(dir).map((c) => {
      const r = runCase(c, relative(dir, c) || c);
      if (!values.json) {
        const err = r.relativeError === undefined ? '' : r.relativeError.toFixed(4);
        process.stdout.write(`${r.passed ? 'pass' : 'FAIL'}  ${r.name.padEnd(36)} ${err.padStart(7)}  ${r.error ?? (r.ops ?? []).join(',')}\n`);
      }
      return r;
    });
    const passed = results.filter((r) => r.passed).length;
    const failed = results.length - passed;
    if (values.json) process.stdout.write(`${JSON.stringify({ tolerance: CONFORMANCE_TOLERANCE, cases: results, passed, failed }, null, 2)}\n`);
    else process.stdout.write(`${passed} passed, ${failed} failed\n`);
    if (failed > 0) process.exitCode = 1;
  },
};
