import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  getClaim, getDispute, getTask, getTx, markClaimConfirmed, markClaimSent, markTxSubmitted, recordClaimIntent, recordDispute, recordDisputeMove,
  recordTxIntent, resolveDispute, StoreNotFoundError,
} from '../../../src/node/store/index.ts';
import { hash, memoryStore, OTHER, payload, submission, workerTaskWithTrace } from './fixtures.ts';

function claimedTask() {
  const store = memoryStore();
  const c = workerTaskWithTrace(store, 1n);
  recordClaimIntent(store, c);
  markClaimSent(store, { taskId: 1n, submission: submission('claim') });
  markClaimConfirmed(store, { taskId: 1n, hash: hash('txclaim'), blockNumber: 5, windowEnd: store.now() + 600 });
  return store;
}

test('recordDispute opens the game at the trace root with the worker to move and marks the task disputed', () => {
  const store = claimedTask();
  const open = { gameId: 3n, taskId: 1n, ourSide: 'worker' as const, opponent: OTHER, ourDeadline: store.now() + 60, theirDeadline: store.now() + 60, openedAt: store.now() };
  recordDispute(store, open);
  recordDispute(store, open); // replaying GameOpened: no-op
  const g = getDispute(store, 3n)!;
  assert.deepEqual([g.phase, g.turn, g.level, g.index, g.moves, g.status, g.history], ['trace-bisection', 'worker', 0, 0n, 0, 'open', []]);
  assert.equal(getTask(store, 1n)?.status, 'disputed');
  assert.throws(() => recordDispute(store, { ...open, taskId: 9n }), StoreNotFoundError);
  workerTaskWithTrace(store, 2n);
  assert.throws(() => recordDispute(store, { ...open, taskId: 2n }), /Game 3 is recorded for task 1, not 2/);
});

test('recordDisputeMove stores both parties moves at the position they were made and advances the game; our move confirms its outbox row', () => {
  const store = claimedTask();
  const t0 = store.now();
  recordDispute(store, { gameId: 3n, taskId: 1n, ourSide: 'worker', opponent: OTHER, ourDeadline: t0 + 60, theirDeadline: t0 + 60, openedAt: t0 });
  // Our bisect, through the outbox.
  const tx = recordTxIntent(store, { kind: 'move', gameId: 3n, taskId: 1n, payload: { ...payload, functionName: 'bisect' } });
  markTxSubmitted(store, { txId: tx.id, submission: submission('m1', 1) });
  const s1 = recordDisputeMove(store, { gameId: 3n, party: 'worker', left: hash('L1'), right: hash('R1'), tx: { txId: tx.id, hash: hash('txm1'), blockNumber: 6 },
    next: { phase: 'trace-bisection', turn: 'challenger', level: 0, index: 0n, ourDeadline: t0 + 60, theirDeadline: t0 + 90 } });
  // Their answer (from its Bisected event): the left children differ, descend left.
  const s2 = recordDisputeMove(store, { gameId: 3n, party: 'challenger', left: hash('L2'), right: hash('R1'), txHash: hash('their'),
    next: { phase: 'tensor-header', turn: 'worker', level: 1, index: 0n, traceIndex: 4, ourDeadline: t0 + 120, theirDeadline: t0 + 90 } });
  assert.deepEqual([s1, s2], [1, 2]);
  const g = getDispute(store, 3n)!;
  assert.deepEqual([g.phase, g.turn, g.level, g.index, g.traceIndex, g.moves, g.ourDeadline, g.theirDeadline], ['tensor-header', 'worker', 1, 0n, 4, 2, t0 + 120, t0 + 90]);
  assert.deepEqual(g.history.map((m) => [m.seq, m.party, m.phase, m.level, m.index, m.left, m.right, m.txHash]), [
    [1, 'worker', 'trace-bisection', 0, 0n, hash('L1'), hash('R1'), hash('txm1')],
    [2, 'challenger', 'trace-bisection', 0, 0n, hash('L2'), hash('R1'), hash('their')],
  ]);
  assert.equal(getTx(store, tx.id)?.status, 'confirmed');
  // Leaf bytes as opaque data.
  recordDisputeMove(store, { gameId: 3n, party: 'worker', data: Uint8Array.of(1, 2, 255), next: { phase: 'tensor-header', turn: 'challenger', level: 1, index: 0n, ourDeadline: 0, theirDeadline: 0 } });
  assert.deepEqual(getDispute(store, 3n)!.history[2].data, Uint8Array.of(1, 2, 255));
});

test('a move that fails leaves neither the move nor the game change nor the outbox confirmation', () => {
  const store = claimedTask();
  recordDispute(store, { gameId: 3n, taskId: 1n, ourSide: 'worker', opponent: OTHER, ourDeadline: 1, theirDeadline: 1, openedAt: 1 });
  const tx = recordTxIntent(store, { kind: 'move', gameId: 3n, payload });
  markTxSubmitted(store, { txId: tx.id, submission: submission('m', 1) });
  // A phase the schema does not know fails the UPDATE after the INSERT and the confirmation.
  assert.throws(() => recordDisputeMove(store, { gameId: 3n, party: 'worker', tx: { txId: tx.id, hash: hash('txm'), blockNumber: 1 },
    next: { phase: 'nonsense' as never, turn: 'challenger', level: 0, index: 0n, ourDeadline: 0, theirDeadline: 0 } }), /CHECK/);
  assert.deepEqual([getDispute(store, 3n)!.moves, getDispute(store, 3n)!.history.length, getTx(store, tx.id)?.status], [0, 0, 'submitted']);
  assert.throws(() => recordDisputeMove(store, { gameId: 8n, party: 'worker', next: { phase: 'step', turn: 'worker', level: 0, index: 0n, ourDeadline: 0, theirDeadline: 0 } }), StoreNotFoundError);
});

test('resolveDispute: a won defence restarts the window; a lost one rejects the task; no moves after the end', () => {
  const store = claimedTask();
  recordDispute(store, { gameId: 3n, taskId: 1n, ourSide: 'worker', opponent: OTHER, ourDeadline: 1, theirDeadline: 1, openedAt: 1 });
  resolveDispute(store, { gameId: 3n, winner: 'worker', windowEnd: 5_000_000 });
  assert.deepEqual([getDispute(store, 3n)?.status, getTask(store, 1n)?.status, getClaim(store, 1n)?.windowEnd], ['won', 'claimed', 5_000_000]);
  assert.throws(() => recordDisputeMove(store, { gameId: 3n, party: 'worker', next: { phase: 'step', turn: 'worker', level: 0, index: 0n, ourDeadline: 0, theirDeadline: 0 } }), /is won; no more moves/);
  recordDispute(store, { gameId: 4n, taskId: 1n, ourSide: 'worker', opponent: OTHER, ourDeadline: 1, theirDeadline: 1, openedAt: 1 });
  resolveDispute(store, { gameId: 4n, winner: 'challenger' });
  assert.deepEqual([getDispute(store, 4n)?.status, getTask(store, 1n)?.status], ['lost', 'rejected']);
  resolveDispute(store, { gameId: 3n, winner: 'worker', windowEnd: 1 }); // replayed event: no effect
  assert.deepEqual([getDispute(store, 3n)?.status, getTask(store, 1n)?.status, getClaim(store, 1n)?.windowEnd], ['won', 'rejected', 5_000_000]);
});
