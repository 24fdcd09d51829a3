import { readFileSync } from 'node:fs';
import { bytesToHex, type Hex } from 'viem';
import { commitTrace } from '../../src/commit/traceTree.ts';
import { tensorHash } from '../../src/commit/tensorHash.ts';
import { decodeVouchFile } from '../../src/model/vouch-file.ts';
import { quantizeInput } from '../../src/runtime/boundary.ts';
import { RuntimeInputError } from '../../src/runtime/errors.ts';
import { outputsOf, runModel } from '../../src/runtime/run-model.ts';
import { int8Tensor } from '../../src/runtime/tensor.ts';
import type { InferenceHandler, ServedModel } from '../../src/protocol/types.ts';

/**
 * A real inference handler for the protocol tests: runs the committed MNIST model
 * (models/mnist-cnn.vouch) with the reference runtime and commits the trace, as a worker would.
 */
export function mnistHandler(): { handler: InferenceHandler; served: ServedModel; inputShape: number[] } {
  const file = decodeVouchFile(readFileSync(new URL('../../models/mnist-cnn.vouch', import.meta.url)));
  const model = file.model;
  const modelId = bytesToHex(file.modelId);
  const inputShape = model.values[model.inputs[0].value].shape;
  const handler: InferenceHandler = (request) => {
    if (request.modelId !== modelId) throw new RuntimeInputError(`unknown model ${request.modelId}`);
    if (request.input.shape.join(',') !== inputShape.join(',')) {
      throw new RuntimeInputError(`input shape [${request.input.shape}] is not the model's [${inputShape}]`);
    }
    const input = request.input.dtype === 'int8' ? Int8Array.from(request.input.data) : quantizeInput(model, 0, request.input.data);
    const trace = runModel(model, [input]);
    const { root, tensorHashes } = commitTrace(trace);
    const [output] = outputsOf(model, trace);
    return {
      modelId,
      output: { dtype: 'int8', shape: [...output.shape], data: Array.from(output.data) },
      outputHash: bytesToHex(tensorHashes[tensorHashes.length - 1]) as Hex,
      traceRoot: bytesToHex(root) as Hex,
      inputHash: bytesToHex(tensorHash(int8Tensor(inputShape, input))) as Hex,
    };
  };
  return { handler, served: { modelId, name: 'mnist-cnn', modes: ['optimistic', 'quorum', 'sampled'] }, inputShape };
}
