import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hex } from 'viem';
import {
  getClaim, getTx, markTxConfirmed, markTxFailed, markTxSubmitted, pendingTransactions, type ReconcileChain, reconcileTransactions,
  recordClaimIntent, recordTask, recordTxIntent, StoreNotFoundError, StoreStateError,
} from '../../../src/node/store/index.ts';
import { hash, memoryStore, payload, submission, workerTaskWithTrace } from './fixtures.ts';

test('recordTxIntent allows one unfinished transaction per (kind, subject) and needs a subject', () => {
  const store = memoryStore();
  recordTask(store, { taskId: 1n, modelId: hash('m'), inputsHash: hash('i'), role: 'worker', claimDeadline: 10 });
  const a = recordTxIntent(store, { kind: 'finalize', taskId: 1n, payload });
  assert.deepEqual([a.subject, a.status, a.submissions], ['task:1', 'intent', []]);
  assert.throws(() => recordTxIntent(store, { kind: 'finalize', taskId: 1n, payload }), (err: unknown) => err instanceof StoreStateError && /already intent \(outbox id 1\).*Resume it/s.test(err.message));
  recordTxIntent(store, { kind: 'move', gameId: 3n, taskId: 1n, payload }); // another kind: fine
  markTxSubmitted(store, { txId: a.id, submission: submission('a') });
  assert.throws(() => recordTxIntent(store, { kind: 'finalize', taskId: 1n, payload }), /already submitted/);
  markTxFailed(store, { txId: a.id, error: 'dropped' });
  assert.equal(recordTxIntent(store, { kind: 'finalize', taskId: 1n, payload }).status, 'intent');
  assert.throws(() => recordTxIntent(store, { kind: 'withdraw', payload }), /needs a subject/);
  assert.equal(recordTxIntent(store, { kind: 'withdraw', subject: 'account', payload }).subject, 'account');
});

test('the unique index holds even against raw SQL: a second pending row for the same effect cannot exist', () => {
  const store = memoryStore();
  recordTxIntent(store, { kind: 'bond', subject: 'stake', payload });
  assert.throws(() => store.db.prepare(`INSERT INTO outbox (kind, subject, payload, status, created_at, updated_at) VALUES ('bond', 'stake', '{}', 'intent', 0, 0)`).run(), /UNIQUE/);
  assert.throws(() => store.db.prepare(`UPDATE outbox SET status = 'confirmed'`).run(), /CHECK/); // confirmed without a hash
});

test('markTx* refuse unknown ids and settled transactions', () => {
  const store = memoryStore();
  assert.throws(() => markTxSubmitted(store, { txId: 99, submission: submission('a') }), StoreNotFoundError);
  assert.throws(() => markTxConfirmed(store, { txId: 99, hash: hash(1), blockNumber: 1 }), StoreNotFoundError);
  assert.throws(() => markTxFailed(store, { txId: 99, error: 'x' }), StoreNotFoundError);
  const tx = recordTxIntent(store, { kind: 'bond', subject: 'stake', payload });
  markTxSubmitted(store, { txId: tx.id, submission: submission('a') });
  markTxConfirmed(store, { txId: tx.id, hash: hash('txa'), blockNumber: 3 });
  assert.throws(() => markTxSubmitted(store, { txId: tx.id, submission: submission('b') }), /confirmed; a submission can no longer/);
  assert.throws(() => markTxFailed(store, { txId: tx.id, error: 'x' }), /confirmed; it cannot fail/);
  assert.throws(() => markTxConfirmed(store, { txId: tx.id, hash: hash('other'), blockNumber: 3 }), /only a submitted/);
});

test('pendingTransactions lists intents and submissions with all their hashes, oldest first', () => {
  const store = memoryStore();
  const a = recordTxIntent(store, { kind: 'bond', subject: 'stake', payload });
  const b = recordTxIntent(store, { kind: 'register', subject: 'agent', payload });
  const c = recordTxIntent(store, { kind: 'approve', subject: 'token', payload });
  markTxSubmitted(store, { txId: b.id, submission: submission('b0', 2) });
  markTxSubmitted(store, { txId: b.id, submission: submission('b1', 2, 1) });
  markTxSubmitted(store, { txId: c.id, submission: submission('c', 3) });
  markTxConfirmed(store, { txId: c.id, hash: hash('txc'), blockNumber: 9 });
  const pending = pendingTransactions(store);
  assert.deepEqual(pending.map((t) => [t.id, t.status, t.nonce, t.submissions.map((s) => s.hash)]), [
    [a.id, 'intent', undefined, []],
    [b.id, 'submitted', 2, [hash('txb0'), hash('txb1')]],
  ]);
});

/** A chain that knows some receipts and the account's mined nonce. */
const fakeChain = (receipts: Record<Hex, { status: 'success' | 'reverted'; blockNumber: number }>, mined: number): ReconcileChain & { calls: string[] } => {
  const calls: string[] = [];
  return {
    calls,
    receiptOf: async (h) => (calls.push(h), receipts[h] ?? null),
    minedNonce: async () => (calls.push('nonce'), mined),
  };
};

test('reconcileTransactions settles what the chain proves and returns the rest to the node', async () => {
  const store = memoryStore();
  const c = workerTaskWithTrace(store, 1n);
  const claim = recordClaimIntent(store, c).tx; // submitted, a fee bump mined
  const reverted = recordTxIntent(store, { kind: 'bond', subject: 'stake', payload });
  const waiting = recordTxIntent(store, { kind: 'register', subject: 'agent', payload });
  const replaced = recordTxIntent(store, { kind: 'approve', subject: 'token', payload });
  const unsent = recordTxIntent(store, { kind: 'withdraw', subject: 'credits', payload });
  markTxSubmitted(store, { txId: claim.id, submission: submission('c0', 0) });
  markTxSubmitted(store, { txId: claim.id, submission: submission('c1', 0, 1) });
  markTxSubmitted(store, { txId: reverted.id, submission: submission('r', 1) });
  markTxSubmitted(store, { txId: replaced.id, submission: submission('x', 2) });
  markTxSubmitted(store, { txId: waiting.id, submission: submission('w', 3) });
  const chain = fakeChain({ [hash('txc1')]: { status: 'success', blockNumber: 20 }, [hash('txr')]: { status: 'reverted', blockNumber: 21 } }, 3);

  const results = await reconcileTransactions(store, chain);
  assert.deepEqual(results.map((r) => [r.tx.id, r.outcome]), [
    [claim.id, 'confirmed'], [reverted.id, 'reverted'], [waiting.id, 'pending'], [replaced.id, 'nonce-used'], [unsent.id, 'unsent'],
  ]);
  assert.deepEqual([getTx(store, claim.id)?.status, getTx(store, claim.id)?.txHash, getClaim(store, 1n)?.status], ['confirmed', hash('txc1'), 'confirmed']);
  assert.match(getTx(store, reverted.id)?.error ?? '', /reverted on chain in block 21/);
  assert.deepEqual(pendingTransactions(store).map((t) => t.id), [waiting.id, replaced.id, unsent.id]);
  assert.equal(chain.calls.filter((x) => x === 'nonce').length, 1); // read once per reconciliation
});
