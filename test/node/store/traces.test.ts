import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTrace, pruneTraces, recordClaimIntent, recordTask, saveTrace, setTaskStatus, StoreNotFoundError } from '../../../src/node/store/index.ts';
import { hash, memoryStore, workerTaskWithTrace } from './fixtures.ts';

test('saveTrace stores every tensor in order; loadTrace reads it whole or one position', () => {
  const store = memoryStore();
  const c = workerTaskWithTrace(store, 1n);
  const trace = loadTrace(store, 1n)!;
  assert.deepEqual(trace, { taskId: 1n, traceRoot: c.traceRoot, outputHash: c.outputHash, tensors: c.tensors });
  assert.deepEqual(loadTrace(store, 1n, 1), c.tensors[1]);
  assert.equal(loadTrace(store, 1n, 2), undefined);
  assert.equal(loadTrace(store, 2n), undefined);
});

test('saveTrace is a no-op for the same root, replaces an unclaimed trace, and keeps the one a claim rests on', () => {
  const store = memoryStore();
  const c = workerTaskWithTrace(store, 1n);
  saveTrace(store, { taskId: 1n, traceRoot: c.traceRoot, outputHash: c.outputHash, tensors: [] });
  assert.equal(loadTrace(store, 1n)?.tensors.length, 2);
  const big = new Uint8Array(300_000).map((_, i) => i % 251);
  saveTrace(store, { taskId: 1n, traceRoot: hash('r2'), outputHash: hash('o2'), tensors: [{ hash: hash('big'), dtype: 'int8', shape: [300, 1000], data: big }] });
  assert.deepEqual(loadTrace(store, 1n, 0)?.data, big);
  saveTrace(store, { taskId: 1n, traceRoot: c.traceRoot, outputHash: c.outputHash, tensors: c.tensors });
  recordClaimIntent(store, c);
  assert.throws(() => saveTrace(store, { taskId: 1n, traceRoot: hash('r3'), outputHash: hash('o3'), tensors: [] }), /cannot replace it/);
  assert.equal(loadTrace(store, 1n)?.traceRoot, c.traceRoot);
});

test('saveTrace needs the task and writes nothing when a tensor fails', () => {
  const store = memoryStore();
  assert.throws(() => saveTrace(store, { taskId: 5n, traceRoot: hash(1), outputHash: hash(2), tensors: [] }), StoreNotFoundError);
  recordTask(store, { taskId: 5n, modelId: hash('m'), inputsHash: hash('i'), role: 'worker', claimDeadline: 10 });
  const good = { hash: hash('a'), dtype: 'int8', shape: [1], data: Uint8Array.of(1) };
  assert.throws(() => saveTrace(store, { taskId: 5n, traceRoot: hash(1), outputHash: hash(2), tensors: [good, { ...good, shape: undefined as never, hash: null as never }] }));
  assert.equal(loadTrace(store, 5n), undefined);
  assert.equal((store.db.prepare('SELECT COUNT(*) AS n FROM trace_tensors').get() as { n: number }).n, 0);
});

test('pruneTraces deletes the traces of settled tasks only', () => {
  const store = memoryStore();
  workerTaskWithTrace(store, 1n);
  workerTaskWithTrace(store, 2n);
  workerTaskWithTrace(store, 3n);
  setTaskStatus(store, 1n, 'finalized');
  setTaskStatus(store, 3n, 'disputed');
  assert.equal(pruneTraces(store), 1);
  assert.deepEqual([loadTrace(store, 1n), loadTrace(store, 2n)?.tensors.length, loadTrace(store, 3n)?.tensors.length], [undefined, 2, 2]);
  assert.equal((store.db.prepare("SELECT COUNT(*) AS n FROM trace_tensors WHERE task_id = '1'").get() as { n: number }).n, 0);
  assert.equal(pruneTraces(store), 0);
});
