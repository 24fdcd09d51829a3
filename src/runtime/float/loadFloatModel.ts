import { readFile } from 'node:fs/promises';
import type { InferenceSession } from 'onnxruntime-web';
import { FloatModelLoadError } from './errors.ts';
import { ort } from './ort.ts';
import type { FloatModel, FloatValueInfo, TensorDType } from './types.ts';

export type LoadFloatModelParameters = string | Uint8Array;
export type LoadFloatModelReturnType = Promise<FloatModel>;
export type LoadFloatModelErrorType = FloatModelLoadError;

const SUPPORTED: ReadonlySet<string> = new Set<TensorDType>([
  'float32', 'float64', 'float16', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool',
]);

/**
 * Loads a float ONNX model (a file path or the file's bytes) into an onnxruntime-web session
 * (WASM, one thread) and reads its declared inputs and outputs. Any ONNX file onnxruntime-web
 * accepts loads, provided every input and output is a tensor of a dtype in `TensorDType`.
 */
export async function loadFloatModel(source: LoadFloatModelParameters): LoadFloatModelReturnType {
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    try {
      bytes = new Uint8Array(await readFile(source));
    } catch (cause) {
      throw new FloatModelLoadError(`cannot read the model file ${source}`, { details: (cause as Error).message, cause });
    }
  } else {
    bytes = source;
  }
  const where = typeof source === 'string' ? source : `${bytes.length} bytes`;
  if (bytes.length === 0) throw new FloatModelLoadError(`not an ONNX model (${where}): the file is empty`);
  let session: InferenceSession;
  try {
    // ORT may keep a view of the buffer it is given: hand it a copy so the caller's bytes stay
    // theirs. Severity 3 (errors): load failures reach the caller as FloatModelLoadError, and
    // ORT's warnings (opset < 7, the transpose optimizer skipping) would only clutter stderr.
    session = await ort.InferenceSession.create(bytes.slice(), { executionProviders: ['wasm'], logSeverityLevel: 3 });
  } catch (cause) {
    throw new FloatModelLoadError(`not an ONNX model onnxruntime-web can load (${where})`, { details: ortMessage(cause), cause });
  }
  const info = (kind: 'input' | 'output', metadata: readonly InferenceSession.ValueMetadata[]): FloatValueInfo[] =>
    metadata.map((m) => {
      if (!m.isTensor) throw new FloatModelLoadError(`${kind} '${m.name}' is not a tensor (${where}): only tensor ${kind}s are supported`);
      if (!SUPPORTED.has(m.type)) {
        throw new FloatModelLoadError(`${kind} '${m.name}' has dtype ${m.type} (${where})`, { details: `supported: ${[...SUPPORTED].join(', ')}` });
      }
      // ORT reports an undeclared shape as []; a declared scalar looks the same, and the run checks it.
      return { name: m.name, dtype: m.type as TensorDType, shape: m.shape.length === 0 ? null : [...m.shape] };
    });
  try {
    return { bytes, inputs: info('input', session.inputMetadata), outputs: info('output', session.outputMetadata), session, queue: { tail: Promise.resolve() } };
  } catch (error) {
    await session.release().catch(() => undefined);
    throw error;
  }
}

/** ORT's errors read "Can't create a session. ERROR_CODE: 7, ERROR_MESSAGE: ..."; keep the message. */
export function ortMessage(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  const at = text.indexOf('ERROR_MESSAGE: ');
  return (at >= 0 ? text.slice(at + 'ERROR_MESSAGE: '.length) : text).trim();
}
