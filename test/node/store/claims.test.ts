import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  getClaim, getTask, getTx, markClaimConfirmed, markClaimSent, markTxFailed, recordClaimIntent, recordObservedClaim, recordTask, setTaskStatus,
  StoreNotFoundError, StoreStateError,
} from '../../../src/node/store/index.ts';
import { hash, memoryStore, OTHER, payload, submission, workerTaskWithTrace } from './fixtures.ts';

test('recordTask is idempotent for the same task and refuses other terms under the same id', () => {
  const store = memoryStore();
  const p = { taskId: 1n, modelId: hash('m'), inputsHash: hash('i'), role: 'worker' as const, claimDeadline: 50, fee: 10n ** 20n, requester: OTHER };
  const t = recordTask(store, p);
  assert.deepEqual({ ...t, createdAt: 0, updatedAt: 0 }, { ...p, status: 'open', createdAt: 0, updatedAt: 0 });
  assert.deepEqual(recordTask(store, p), t);
  assert.throws(() => recordTask(store, { ...p, modelId: hash('other') }), StoreStateError);
  setTaskStatus(store, 1n, 'cancelled');
  assert.equal(getTask(store, 1n)?.status, 'cancelled');
  assert.throws(() => setTaskStatus(store, 2n, 'open'), StoreNotFoundError);
});

test('a claim goes intent -> sent (each fee bump recorded) -> confirmed, with its outbox row in step', () => {
  const store = memoryStore();
  const c = workerTaskWithTrace(store, 1n);
  const { claim, tx } = recordClaimIntent(store, c);
  assert.equal(claim.status, 'intent');
  assert.equal(claim.txId, tx.id);
  assert.deepEqual([tx.kind, tx.subject, tx.status, tx.payload], ['claim', 'task:1', 'intent', payload]);

  markClaimSent(store, { taskId: 1n, submission: submission('a', 4) });
  markClaimSent(store, { taskId: 1n, submission: submission('b', 4, 1) });
  markClaimSent(store, { taskId: 1n, submission: submission('b', 4, 1) }); // repeated callback: no-op
  assert.deepEqual([getClaim(store, 1n)?.status, getClaim(store, 1n)?.txHash], ['sent', hash('txb')]);
  assert.deepEqual(getTx(store, tx.id)?.submissions.map((s) => [s.hash, s.nonce, s.attempt]), [[hash('txa'), 4, 0], [hash('txb'), 4, 1]]);
  // A different nonce would be a second transaction with the same effect.
  assert.throws(() => markClaimSent(store, { taskId: 1n, submission: submission('c', 5) }), /nonce 4, not 5/);

  // The first submission is the one mined (the bump was not needed).
  markClaimConfirmed(store, { taskId: 1n, hash: hash('txa'), blockNumber: 12, windowEnd: store.now() + 600 });
  assert.deepEqual(getClaim(store, 1n), { taskId: 1n, worker: c.worker, outputHash: c.outputHash, traceRoot: c.traceRoot, ours: true, txId: tx.id, txHash: hash('txa'), status: 'confirmed', windowEnd: store.now() + 600 });
  assert.equal(getTask(store, 1n)?.status, 'claimed');
  assert.deepEqual([getTx(store, tx.id)?.status, getTx(store, tx.id)?.blockNumber], ['confirmed', 12]);
  markClaimConfirmed(store, { taskId: 1n, hash: hash('txa'), blockNumber: 12, windowEnd: store.now() + 600 }); // idempotent
});

test('recordClaimIntent refuses a claim without the matching stored trace, a second claim, and a claim by a non-worker', () => {
  const store = memoryStore();
  assert.throws(() => recordClaimIntent(store, { taskId: 9n, worker: OTHER, outputHash: hash(1), traceRoot: hash(2), payload }), StoreNotFoundError);
  const c = workerTaskWithTrace(store, 1n);
  assert.throws(() => recordClaimIntent(store, { ...c, traceRoot: hash('another root') }), /no stored trace.*saveTrace/s);
  recordClaimIntent(store, c);
  assert.throws(() => recordClaimIntent(store, c), /already has a claim \(intent\)/);
  recordTask(store, { taskId: 2n, modelId: hash('m'), inputsHash: hash('i'), role: 'challenger', claimDeadline: 10 });
  assert.throws(() => recordClaimIntent(store, { ...c, taskId: 2n }), /only a worker claims/);
  assert.equal((store.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n, 1);
});

test('a failed claim frees the task for a new claim intent', () => {
  const store = memoryStore();
  const c = workerTaskWithTrace(store, 1n);
  const first = recordClaimIntent(store, c);
  markClaimSent(store, { taskId: 1n, submission: submission('a') });
  markTxFailed(store, { txId: first.tx.id, error: 'reverted: TasksWrongState' });
  assert.equal(getClaim(store, 1n)?.status, 'failed');
  const second = recordClaimIntent(store, c);
  assert.notEqual(second.tx.id, first.tx.id);
  assert.equal(getTx(store, first.tx.id)?.error, 'reverted: TasksWrongState');
});

test('markClaimSent/markClaimConfirmed on a task without our claim are StoreNotFoundError; confirming an unknown hash is refused', () => {
  const store = memoryStore();
  assert.throws(() => markClaimSent(store, { taskId: 3n, submission: submission('x') }), StoreNotFoundError);
  const c = workerTaskWithTrace(store, 1n);
  recordClaimIntent(store, c);
  assert.throws(() => markClaimConfirmed(store, { taskId: 1n, hash: hash('txa'), blockNumber: 1, windowEnd: 1 }), /only a submitted transaction/);
  markClaimSent(store, { taskId: 1n, submission: submission('a') });
  assert.throws(() => markClaimConfirmed(store, { taskId: 1n, hash: hash('never signed'), blockNumber: 1, windowEnd: 1 }), /is not a submission/);
  assert.equal(getClaim(store, 1n)?.status, 'sent');
});

test('recordObservedClaim records another worker claim for a challenger and moves its window', () => {
  const store = memoryStore();
  recordTask(store, { taskId: 4n, modelId: hash('m'), inputsHash: hash('i'), role: 'challenger', claimDeadline: 10 });
  const p = { taskId: 4n, worker: OTHER, outputHash: hash('o'), traceRoot: hash('r'), windowEnd: 700 };
  recordObservedClaim(store, p);
  recordObservedClaim(store, { ...p, windowEnd: 900 });
  assert.deepEqual(getClaim(store, 4n), { ...p, windowEnd: 900, ours: false, status: 'confirmed', txId: undefined, txHash: undefined });
  assert.equal(getTask(store, 4n)?.status, 'claimed');
  assert.throws(() => recordObservedClaim(store, { ...p, outputHash: hash('other') }), StoreStateError);
});
