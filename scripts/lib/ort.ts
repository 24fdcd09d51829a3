/**
 * onnxruntime-web in Node: the WASM backend, single-threaded so results and timings are
 * reproducible on any machine. The reference for the int8 runtime's speed and accuracy.
 */
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;

export type OrtSession = ort.InferenceSession;
export type OrtFeeds = Record<string, ort.Tensor>;
export type OrtResults = Record<string, { data: Float32Array | Int32Array | Int8Array | Uint8Array | BigInt64Array; dims: readonly number[] }>;

export { ort };

export function createOrtSession(modelBytes: Uint8Array): Promise<OrtSession> {
  return ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'] });
}

export function ortFloatTensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('float32', data, dims);
}

/** Runs a session and returns every output as typed data plus dims. */
export async function runOrt(session: OrtSession, feeds: OrtFeeds): Promise<OrtResults> {
  const outputs = await session.run(feeds);
  const results: OrtResults = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    results[name] = { data: tensor.data as OrtResults[string]['data'], dims: tensor.dims };
  }
  return results;
}
