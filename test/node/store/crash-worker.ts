// A node that only writes state: a long random sequence of store steps, each one logically
// atomic, until it is killed. After each committed step it writes one line to stdout (a pipe:
// synchronous on Linux), so the parent knows which steps it must find after a SIGKILL.
//   node --import tsx test/node/store/crash-worker.ts <db> <seed>
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import type { Hex } from 'viem';
import {
  markClaimConfirmed, markClaimSent, markTxFailed, markTxSubmitted, openStore, recordClaimIntent, recordDispute,
  pruneTraces, recordDisputeMove, recordObservedClaim, recordTask, recordTxIntent, resolveDispute, saveTrace, setTaskStatus,
} from '../../../src/node/store/index.ts';
import { type Random, mulberry32 } from './random.ts';

const [path, seedArg] = process.argv.slice(2);
const rand: Random = mulberry32(Number(seedArg));
const store = openStore(path);
const { db } = store;
const say = (line: string) => writeSync(1, line + '\n');
say('ready');

const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}` as Hex;
const sha = (data: Uint8Array) => hex(createHash('sha256').update(data).digest());
const randomHash = () => sha(Uint8Array.from({ length: 8 }, () => rand.int(256)));
const pick = <T>(rows: T[]): T | undefined => (rows.length ? rows[rand.int(rows.length)] : undefined);
const all = <T>(sql: string) => db.prepare(sql).all() as T[];
const payload = { to: '0x00000000000000000000000000000000000000aa' as const, data: '0x1234' as Hex, functionName: 'claim' };
let nonce = (db.prepare('SELECT COALESCE(MAX(nonce), -1) + 1 AS n FROM outbox').get() as { n: number }).n;
const submission = (attempt = 0, n = nonce++) => ({ hash: randomHash(), nonce: n, attempt, maxFeePerGas: 10n + BigInt(attempt), maxPriorityFeePerGas: 1n });
const next = (state: { phase: 'trace-bisection'; turn: 'worker' | 'challenger'; level: number }) => ({
  ...state, index: BigInt(rand.int(1 << Math.min(state.level, 20))), ourDeadline: store.now() + 600, theirDeadline: store.now() + 600,
});

type Step = () => boolean;
const steps: Step[] = [
  // A new task, as worker or challenger.
  () => {
    const id = (db.prepare('SELECT COALESCE(MAX(CAST(task_id AS INTEGER)), 0) + 1 AS n FROM tasks').get() as { n: number }).n;
    recordTask(store, { taskId: BigInt(id), modelId: randomHash(), inputsHash: randomHash(), role: rand.int(3) ? 'worker' : 'challenger', claimDeadline: store.now() + 3600 });
    say(`task ${id}`);
    return true;
  },
  // A worker's trace: up to 8 tensors of up to 48 KiB (each tensor's hash is its bytes' SHA-256, checkable after a crash).
  () => {
    const t = pick(all<{ task_id: string }>("SELECT t.task_id FROM tasks t LEFT JOIN traces r ON r.task_id = t.task_id WHERE t.role = 'worker' AND t.status = 'open' AND r.task_id IS NULL"));
    if (!t) return false;
    const tensors = Array.from({ length: 1 + rand.int(8) }, () => {
      const data = Uint8Array.from({ length: 1 + rand.int(48 * 1024) }, () => rand.int(256));
      return { hash: sha(data), dtype: 'int8', shape: [data.length], data };
    });
    const root = sha(Buffer.concat(tensors.map((x) => Buffer.from(x.hash.slice(2), 'hex'))));
    saveTrace(store, { taskId: BigInt(t.task_id), traceRoot: root, outputHash: tensors[tensors.length - 1].hash, tensors });
    say(`trace ${t.task_id} ${root}`);
    return true;
  },
  // Claim intent (claim row + outbox row together).
  () => {
    const t = pick(all<{ task_id: string; trace_root: Hex; output_hash: Hex }>(`SELECT r.task_id, r.trace_root, r.output_hash FROM traces r JOIN tasks t ON t.task_id = r.task_id
      LEFT JOIN claims c ON c.task_id = r.task_id WHERE t.status = 'open' AND (c.task_id IS NULL OR c.status = 'failed')`));
    if (!t) return false;
    const { tx } = recordClaimIntent(store, { taskId: BigInt(t.task_id), worker: payload.to, outputHash: t.output_hash, traceRoot: t.trace_root, payload });
    say(`claim-intent ${t.task_id} ${tx.id}`);
    return true;
  },
  // The claim's first broadcast, or a fee bump at the same nonce.
  () => {
    const c = pick(all<{ task_id: string; nonce: number | null; n: number }>(`SELECT c.task_id, o.nonce, (SELECT COUNT(*) FROM outbox_submissions s WHERE s.outbox_id = o.id) AS n
      FROM claims c JOIN outbox o ON o.id = c.tx_id WHERE c.status IN ('intent', 'sent')`));
    if (!c) return false;
    const s = submission(c.n, c.nonce ?? undefined);
    markClaimSent(store, { taskId: BigInt(c.task_id), submission: s });
    say(`tx-sent ${c.task_id} ${s.hash}`);
    return true;
  },
  // The claim mined (one of its hashes), or failed.
  () => {
    const c = pick(all<{ task_id: string; tx_id: number }>("SELECT task_id, tx_id FROM claims WHERE status = 'sent'"));
    if (!c) return false;
    if (rand.int(5) === 0) {
      markTxFailed(store, { txId: c.tx_id, error: 'reverted' });
      say(`tx-failed ${c.tx_id}`);
      return true;
    }
    const h = pick(all<{ hash: Hex }>(`SELECT hash FROM outbox_submissions WHERE outbox_id = ${c.tx_id}`))!;
    markClaimConfirmed(store, { taskId: BigInt(c.task_id), hash: h.hash, blockNumber: 1 + rand.int(1000), windowEnd: store.now() + 600 });
    say(`claim-confirmed ${c.task_id} ${h.hash}`);
    return true;
  },
  // A challenger sees another worker's claim.
  () => {
    const t = pick(all<{ task_id: string }>("SELECT t.task_id FROM tasks t LEFT JOIN claims c ON c.task_id = t.task_id WHERE t.role = 'challenger' AND c.task_id IS NULL"));
    if (!t) return false;
    recordObservedClaim(store, { taskId: BigInt(t.task_id), worker: payload.to, outputHash: randomHash(), traceRoot: randomHash(), windowEnd: store.now() + 600 });
    say(`observed ${t.task_id}`);
    return true;
  },
  // A game opens on a claimed task.
  () => {
    const t = pick(all<{ task_id: string; role: string }>("SELECT t.task_id, t.role FROM tasks t JOIN claims c ON c.task_id = t.task_id WHERE t.status = 'claimed' AND c.status = 'confirmed'"));
    if (!t) return false;
    const gameId = (db.prepare('SELECT COALESCE(MAX(CAST(game_id AS INTEGER)), 0) + 1 AS n FROM disputes').get() as { n: number }).n;
    recordDispute(store, { gameId: BigInt(gameId), taskId: BigInt(t.task_id), ourSide: t.role === 'worker' ? 'worker' : 'challenger', opponent: payload.to,
      ourDeadline: store.now() + 600, theirDeadline: store.now() + 600, openedAt: store.now() });
    say(`dispute ${gameId} ${t.task_id}`);
    return true;
  },
  // The opponent's move, read from its event.
  () => {
    const g = pick(all<{ game_id: string; turn: string; level: number }>("SELECT game_id, turn, level FROM disputes WHERE status = 'open' AND turn <> our_side"));
    if (!g) return false;
    const seq = recordDisputeMove(store, { gameId: BigInt(g.game_id), party: g.turn as 'worker', left: randomHash(), right: randomHash(), txHash: randomHash(),
      next: next({ phase: 'trace-bisection', turn: g.turn === 'worker' ? 'challenger' : 'worker', level: g.level + (g.turn === 'challenger' ? 1 : 0) }) });
    say(`move ${g.game_id} ${seq}`);
    return true;
  },
  // Our move, through the outbox: intent, then sent, then mined together with the move.
  () => {
    const g = pick(all<{ game_id: string; task_id: string }>(`SELECT game_id, task_id FROM disputes d WHERE status = 'open' AND turn = our_side
      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'move' AND o.subject = 'game:' || d.game_id AND o.status IN ('intent', 'submitted'))`));
    if (!g) return false;
    const tx = recordTxIntent(store, { kind: 'move', gameId: BigInt(g.game_id), taskId: BigInt(g.task_id), payload: { ...payload, functionName: 'bisect' } });
    say(`move-intent ${g.game_id} ${tx.id}`);
    return true;
  },
  () => {
    const o = pick(all<{ id: number; nonce: number | null }>("SELECT id, nonce FROM outbox WHERE kind = 'move' AND status = 'intent'"));
    if (!o) return false;
    const s = submission(0, o.nonce ?? undefined);
    markTxSubmitted(store, { txId: o.id, submission: s });
    say(`move-sent ${o.id} ${s.hash}`);
    return true;
  },
  () => {
    const o = pick(all<{ id: number; game_id: string; tx_hash: Hex }>(`SELECT o.id, o.game_id, o.tx_hash FROM outbox o JOIN disputes d ON d.game_id = o.game_id
      WHERE o.kind = 'move' AND o.status = 'submitted' AND d.status = 'open'`));
    if (!o) return false;
    const g = db.prepare('SELECT our_side, level FROM disputes WHERE game_id = ?').get(o.game_id) as { our_side: 'worker' | 'challenger'; level: number };
    const seq = recordDisputeMove(store, { gameId: BigInt(o.game_id), party: g.our_side, left: randomHash(), right: randomHash(), tx: { txId: o.id, hash: o.tx_hash, blockNumber: 7 },
      next: next({ phase: 'trace-bisection', turn: g.our_side === 'worker' ? 'challenger' : 'worker', level: g.level + (g.our_side === 'challenger' ? 1 : 0) }) });
    say(`move ${o.game_id} ${seq}`);
    return true;
  },
  // A game ends.
  () => {
    const g = pick(all<{ game_id: string }>(`SELECT game_id FROM disputes d WHERE status = 'open' AND moves >= 6
      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.game_id = d.game_id AND o.status IN ('intent', 'submitted'))`));
    if (!g) return false;
    const winner = rand.int(2) ? 'worker' : 'challenger';
    resolveDispute(store, { gameId: BigInt(g.game_id), winner, windowEnd: store.now() + 600 });
    say(`resolved ${g.game_id} ${winner}`);
    return true;
  },
  // A claimed task with no game settles (finalize, read from the chain); settled traces are pruned.
  () => {
    const t = pick(all<{ task_id: string }>(`SELECT t.task_id FROM tasks t JOIN claims c ON c.task_id = t.task_id WHERE t.status = 'claimed' AND c.status = 'confirmed'
      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.task_id = t.task_id AND o.status IN ('intent', 'submitted'))`));
    if (!t) return false;
    setTaskStatus(store, BigInt(t.task_id), 'finalized');
    say(`finalized ${t.task_id}`);
    return true;
  },
  () => {
    const n = pruneTraces(store);
    say(`pruned ${n}`);
    return true;
  },
];

// Weighted so that tasks do not pile up faster than they are worked through.
const weights = [1, 2, 2, 3, 3, 2, 2, 4, 3, 3, 3, 1, 1, 1];
const total = weights.reduce((a, b) => a + b, 0);
for (;;) {
  let r = rand.int(total);
  let i = 0;
  while (r >= weights[i]) r -= weights[i++];
  steps[i]();
}
