import { createHash } from 'node:crypto';
import type { Hex } from 'viem';
import { openStore, recordTask, saveTrace, type Store } from '../../../src/node/store/index.ts';

/** An in-memory store whose clock the test sets. */
export function memoryStore(start = 1_000_000): Store & { clock: { now: number } } {
  const clock = { now: start };
  return Object.assign(openStore(':memory:', { now: () => clock.now }), { clock });
}

export const hash = (label: string | number) => `0x${createHash('sha256').update(String(label)).digest('hex')}` as Hex;
export const WORKER = '0x00000000000000000000000000000000000000a1' as const;
export const OTHER = '0x00000000000000000000000000000000000000b2' as const;
export const payload = { to: '0x00000000000000000000000000000000000000c3' as const, data: '0x1234' as Hex, functionName: 'claim' };
export const submission = (label: string | number, nonce = 0, attempt = 0) => ({ hash: hash(`tx${label}`), nonce, attempt, maxFeePerGas: 100n + BigInt(attempt), maxPriorityFeePerGas: 2n });

/** A worker task with a stored two-tensor trace; returns the claim fields that match it. */
export function workerTaskWithTrace(store: Store, taskId: bigint, claimDeadline = store.now() + 100) {
  recordTask(store, { taskId, modelId: hash('model'), inputsHash: hash(`in${taskId}`), role: 'worker', claimDeadline });
  const tensors = [Uint8Array.of(1, 2, 3), Uint8Array.of(250, 7)].map((data, i) => ({ hash: hash(`t${taskId}.${i}`), dtype: 'int8', shape: [data.length], data }));
  const traceRoot = hash(`root${taskId}`);
  const outputHash = tensors[1].hash;
  saveTrace(store, { taskId, traceRoot, outputHash, tensors });
  return { taskId, worker: WORKER, outputHash, traceRoot, payload, tensors };
}
