import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  markClaimConfirmed, markClaimSent, markTxFailed, nextDeadlines, openStore, recordClaimIntent, recordDispute, recordDisputeMove, recordObservedClaim,
  recordTask, recordTxIntent, markTxSubmitted, markTxConfirmed,
} from '../../../src/node/store/index.ts';
import { hash, memoryStore, OTHER, payload, submission, workerTaskWithTrace } from './fixtures.ts';

const view = (ds: ReturnType<typeof nextDeadlines>) => ds.map((d) => [d.action, d.taskId ?? d.gameId ?? d.txId, d.by ?? null, d.notBefore ?? null, d.overdue]);

test('nextDeadlines: a worker claims by the claim deadline, finalizes from the window end; an action in the outbox is reconciled, not listed twice', () => {
  const store = memoryStore(1000);
  workerTaskWithTrace(store, 1n, 1100);
  workerTaskWithTrace(store, 2n, 1050);
  assert.deepEqual(view(nextDeadlines(store, 1000)), [['claim', 2n, 1050, null, false], ['claim', 1n, 1100, null, false]]);
  assert.deepEqual(view(nextDeadlines(store, 1050)), [['claim', 2n, 1050, null, false], ['claim', 1n, 1100, null, false]]); // the last second
  assert.deepEqual(view(nextDeadlines(store, 1051)), [['claim', 1n, 1100, null, false]]); // task 2 expired

  const { tx } = recordClaimIntent(store, workerTaskWithTrace(store, 1n, 1100));
  assert.deepEqual(view(nextDeadlines(store, 1000)), [['reconcile', 1n, 1000, null, false], ['claim', 2n, 1050, null, false]]);
  markClaimSent(store, { taskId: 1n, submission: submission('c') });
  markClaimConfirmed(store, { taskId: 1n, hash: hash('txc'), blockNumber: 1, windowEnd: 1600 });
  assert.deepEqual(view(nextDeadlines(store, 1000)), [['claim', 2n, 1050, null, false], ['finalize', 1n, null, 1600, false]]);
  assert.ok(tx.id > 0);
});

test('nextDeadlines: a challenger disputes by the last second of the window; a claim confirmed by reconciliation asks for its window', () => {
  const store = memoryStore(1000);
  recordTask(store, { taskId: 7n, modelId: hash('m'), inputsHash: hash('i'), role: 'challenger', claimDeadline: 1100 });
  assert.deepEqual(view(nextDeadlines(store, 1000)), []); // nothing to do before a claim exists
  recordObservedClaim(store, { taskId: 7n, worker: OTHER, outputHash: hash('o'), traceRoot: hash('r'), windowEnd: 1300 });
  assert.deepEqual(view(nextDeadlines(store, 1000)), [['dispute', 7n, 1299, null, false]]);
  assert.deepEqual(view(nextDeadlines(store, 1300)), []); // the window has closed

  const c = workerTaskWithTrace(store, 8n);
  const { tx } = recordClaimIntent(store, c);
  markTxSubmitted(store, { txId: tx.id, submission: submission('8') });
  markTxConfirmed(store, { txId: tx.id, hash: hash('tx8'), blockNumber: 3 }); // as reconcileTransactions does: the window is not known
  assert.deepEqual(view(nextDeadlines(store, 1000))[0], ['sync-claim', 8n, 1000, null, false]);
});

test('nextDeadlines: in a game, our turn is due by our clock deadline; on their turn we may resolve on time after theirs', () => {
  const store = memoryStore(1000);
  const c = workerTaskWithTrace(store, 1n);
  recordClaimIntent(store, c);
  markClaimSent(store, { taskId: 1n, submission: submission('c') });
  markClaimConfirmed(store, { taskId: 1n, hash: hash('txc'), blockNumber: 1, windowEnd: 1600 });
  recordDispute(store, { gameId: 5n, taskId: 1n, ourSide: 'worker', opponent: OTHER, ourDeadline: 1200, theirDeadline: 1300, openedAt: 1000 });
  assert.deepEqual(nextDeadlines(store, 1000).map((d) => [d.action, d.gameId, d.taskId, d.by]), [['move', 5n, 1n, 1200]]);
  assert.deepEqual(nextDeadlines(store, 1201).map((d) => [d.action, d.overdue]), [['move', true]]);
  recordDisputeMove(store, { gameId: 5n, party: 'worker', left: hash(1), right: hash(2), next: { phase: 'trace-bisection', turn: 'challenger', level: 0, index: 0n, ourDeadline: 1200, theirDeadline: 1300 } });
  assert.deepEqual(view(nextDeadlines(store, 1100)), [['resolve-timeout', 1n, null, 1301, false]]);
  const timeout = recordTxIntent(store, { kind: 'resolve-timeout', gameId: 5n, payload });
  assert.deepEqual(view(nextDeadlines(store, 1400)), [['reconcile', 5n, 1400, null, false]]);
  markTxFailed(store, { txId: timeout.id, error: 'GameClockNotExpired' });
  assert.equal(nextDeadlines(store, 1400)[0].action, 'resolve-timeout');
});

test('nextDeadlines after a restart: a reopened database gives the same deadlines', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'vouch-deadlines-'));
  try {
    const path = join(dir, 'n.db');
    const a = openStore(path, { now: () => 1000 });
    workerTaskWithTrace(a, 1n, 1100);
    recordClaimIntent(a, workerTaskWithTrace(a, 1n, 1100));
    workerTaskWithTrace(a, 2n, 1200);
    const before = nextDeadlines(a, 1000);
    a.close();
    const b = openStore(path);
    assert.deepEqual(nextDeadlines(b, 1000), before);
    b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
