import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { getSyncCursor, setSyncCursor } from '../../../src/node/quorum/syncCursor.ts';
import { getQuorumSeat, markQuorumDrawn, openQuorumSeats, pendingQuorumDraws, recordQuorumDraw, recordQuorumSeat, saveQuorumResult, setQuorumSeatStatus } from '../../../src/node/quorum/quorumSeats.ts';
import { StoreStateError, openStore } from '../../../src/node/store/index.ts';

const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const;

test('a seat: recorded once, its result and salt written once before the commit, then settled', () => {
  const store = openStore(join(mkdtempSync(join(tmpdir(), 'vouch-seats-')), 'node.db'));
  const seat = { taskId: 7n, seat: 2, canonId: h(1), modelId: h(2), commitDeadline: 100, revealDeadline: 160, behaviour: 'honest' as const };
  recordQuorumSeat(store, seat);
  recordQuorumSeat(store, { ...seat, seat: 0, behaviour: 'lie' }); // a replayed CommitteeDrawn changes nothing
  assert.deepEqual(getQuorumSeat(store, 7n), { ...seat, status: 'drawn', resultHash: undefined, salt: undefined, outcome: undefined });
  assert.throws(() => store.db.prepare("UPDATE quorum_seats SET status = 'committed'").run(), /CHECK/, 'no commit without a stored result and salt');
  saveQuorumResult(store, 7n, h(3), h(4));
  saveQuorumResult(store, 7n, h(3), h(4)); // idempotent
  assert.throws(() => saveQuorumResult(store, 7n, h(3), h(5)), StoreStateError, 'a fresh salt for a seat that has one is refused');
  assert.equal(getQuorumSeat(store, 7n)!.status, 'computed');
  setQuorumSeatStatus(store, 7n, 'committed');
  assert.deepEqual(openQuorumSeats(store).map((s) => s.taskId), [7n]);
  setQuorumSeatStatus(store, 7n, 'finalized', 'majority');
  assert.deepEqual(openQuorumSeats(store), []);
  assert.equal(getQuorumSeat(store, 7n)!.outcome, 'majority');
  store.close();
});

test('draws and cursors', () => {
  const store = openStore(join(mkdtempSync(join(tmpdir(), 'vouch-seats-')), 'node.db'));
  recordQuorumDraw(store, 3n, 10n);
  recordQuorumDraw(store, 3n, 300n); // rescheduled
  recordQuorumDraw(store, 4n, 11n);
  markQuorumDrawn(store, 4n);
  recordQuorumDraw(store, 4n, 400n); // a drawn task is not reopened
  assert.deepEqual(pendingQuorumDraws(store), [{ taskId: 3n, drawBlock: 300 }]);
  assert.equal(getSyncCursor(store, 'quorum'), undefined);
  setSyncCursor(store, 'quorum', 50);
  setSyncCursor(store, 'quorum', 40);
  setSyncCursor(store, 'sampling', 5);
  assert.equal(getSyncCursor(store, 'quorum'), 50, 'never backwards');
  assert.equal(getSyncCursor(store, 'sampling'), 5);
  store.close();
});
