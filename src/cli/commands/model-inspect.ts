import { readFileSync } from 'node:fs';
import { modelCommitment } from '../../commit/modelCommitment.ts';
import { decodeVouchFile } from '../../model/vouch-file.ts';
import { quantParamsOf } from '../../runtime/quantize/quant-params.ts';
import type { Command } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import { hex } from '../print.ts';

export const modelInspect: Command = {
  name: 'model inspect',
  summary: 'Show a .vouch model: its id, commitment roots, boundary quantization and op table.',
  usage: 'vouch model inspect <model.vouch> [--json]',
  options: { json: { type: 'boolean' } },
  help: `
Options:
      --json  Print the whole description as JSON.

Loading verifies the file's checksum and recomputes the model id, so inspecting also checks
that the file is intact.`,
  run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError('give exactly one .vouch model');
    const { model, modelId, source } = decodeVouchFile(readFileSync(positionals[0]));
    const c = modelCommitment(model);
    const boundary = (b: (typeof model.inputs)[number]) => ({
      name: b.name,
      value: b.value,
      shape: model.values[b.value].shape,
      zeroPoint: b.quant.zeroPoint,
      scale: quantParamsOf(b.quant).scale,
    });
    const ops = model.ops.map((op, j) => ({ index: j, kind: op.kind, output: model.values[model.inputs.length + j].name, shape: model.values[model.inputs.length + j].shape }));
    const description = {
      modelId: hex(modelId),
      opsRoot: hex(c.opsRoot),
      constantsRoot: hex(c.constantsRoot),
      ioHash: hex(c.ioHash),
      source,
      inputs: model.inputs.map(boundary),
      outputs: model.outputs.map(boundary),
      traceLength: model.values.length,
      constants: model.constants.map((k) => ({ name: k.name, dtype: k.tensor.dtype, shape: k.tensor.shape })),
      ops,
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(description, null, 2)}\n`);
      return;
    }
    const lines = [
      `model id        ${description.modelId}`,
      `ops root        ${description.opsRoot}`,
      `constants root  ${description.constantsRoot}`,
      `trace length    ${description.traceLength} tensors (${model.inputs.length} input(s) + ${ops.length} ops)`,
      ...description.inputs.map((b) => `input  ${b.name} [${b.shape}] zero point ${b.zeroPoint}, scale ${b.scale.toPrecision(6)}`),
      ...description.outputs.map((b) => `output ${b.name} [${b.shape}] zero point ${b.zeroPoint}, scale ${b.scale.toPrecision(6)}`),
      'ops:',
      ...ops.map((o) => `  ${String(o.index).padStart(3)}  ${o.kind.padEnd(10)} -> ${o.output} [${o.shape}]`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};
