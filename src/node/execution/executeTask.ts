import { bytesToHex, type Hex, keccak256, concatHex } from 'viem';
import { commitTrace } from '../../commit/traceTree.ts';
import type { QModel } from '../../runtime/model.ts';
import { type OpRunner, type Trace, runModel } from '../../runtime/run-model.ts';
import { wasmRunner } from '../../runtime/wasm/wasm-runner.ts';
import type { TraceTensor } from '../store/types.ts';

/** Where a cheating run corrupts its trace: one element of one op's output (later ops use it). */
export type Corruption = { opIndex: number; elementIndex: number };

export type Execution = {
  trace: Trace;
  tensorHashes: Hex[];
  traceRoot: Hex;
  outputHash: Hex;
  /** keccak256 of the packed input tensor hashes: Tasks' input commitment. */
  inputsHash: Hex;
  corrupted?: Corruption;
};

/**
 * Runs the model on the task's inputs with the WASM kernels (bit-exact with the reference) and
 * commits the trace. With `corrupt`, one element of that op's output is changed before the
 * later ops read it, and if the output happens to come out right anyway, the output too: the
 * result is wrong and a challenger can prove it (the `--cheat-rate` demo mode).
 */
export function executeTask(model: QModel, inputs: Int8Array[], corrupt?: Corruption, runner: OpRunner = wasmRunner): Execution {
  const honestRun = (): Trace => runModel(model, inputs, runner);
  let trace: Trace;
  if (!corrupt) {
    trace = honestRun();
  } else {
    const corrupting: OpRunner = (m, j, source) => {
      const out = runner(m, j, source);
      if (j === corrupt.opIndex) flip(out, corrupt.elementIndex % out.length);
      return out;
    };
    trace = runModel(model, inputs, corrupting);
    const honest = honestRun();
    const last = trace.length - 1;
    if (equal(trace[last].data, honest[last].data)) flip(trace[last].data, 0);
  }
  const { root, tensorHashes } = commitTrace(trace);
  const hashes = tensorHashes.map((h) => bytesToHex(h));
  return {
    trace,
    tensorHashes: hashes,
    traceRoot: bytesToHex(root),
    outputHash: hashes[hashes.length - 1],
    inputsHash: inputsHashOf(hashes.slice(0, model.inputs.length)),
    ...(corrupt ? { corrupted: corrupt } : {}),
  };
}

/** Tasks' input commitment: keccak256(abi.encodePacked(inputHashes)). */
export function inputsHashOf(inputHashes: readonly Hex[]): Hex {
  return keccak256(concatHex([...inputHashes]));
}

/** The trace as the store keeps it (tensor bytes and hashes). */
export function traceTensors(execution: Execution): TraceTensor[] {
  return execution.trace.map((t, i) => ({
    hash: execution.tensorHashes[i],
    dtype: t.dtype,
    shape: [...t.shape],
    data: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
  }));
}

function flip(data: Int8Array, i: number): void {
  data[i] = data[i] ^ 0x40;
}

function equal(a: Int8Array, b: Int8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
