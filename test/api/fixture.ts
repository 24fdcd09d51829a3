import type { Hex } from 'viem';
import { type ApplyContext, applyEvent } from '../../src/indexer/applyEvent.ts';
import type { IndexedContract, StoredEvent } from '../../src/indexer/contracts.ts';
import { type IndexDb, openIndexDb } from '../../src/indexer/openIndexDb.ts';

export const A = {
  requester: '0x1111111111111111111111111111111111111111',
  worker: '0x2222222222222222222222222222222222222222',
  challenger: '0x3333333333333333333333333333333333333333',
  treasury: '0x4444444444444444444444444444444444444444',
  tasks: '0x5555555555555555555555555555555555555555',
  game: '0x6666666666666666666666666666666666666666',
  member: '0x7777777777777777777777777777777777777777',
  quorum: '0x8888888888888888888888888888888888888888',
} as const satisfies Record<string, Hex>;
export const MODEL = `0x${'ab'.repeat(32)}` as Hex;

export const RESULT = `0x${'cd'.repeat(32)}` as Hex;
export const CANON = `0x${'ce'.repeat(32)}` as Hex;

/**
 * An index database filled by applying synthetic events (no chain): 3 tasks (one final after
 * its sampled verifier agreed, one rejected after the dispute its sampled verifier escalated
 * to, one open), a registered agent and a model; 2 quorum tasks (one finalized 2 of 3 with a
 * silent seat slashed, one refunded for want of a committee); the agent's ERC-8004
 * validations in each mode and one feedback. For fast API tests.
 */
export function fixtureIndex(): IndexDb & { apply(contract: IndexedContract, name: string, args: Record<string, string | number>, block?: number): void } {
  const index = openIndexDb(':memory:');
  const db = index.db;
  db.prepare("INSERT INTO meta (key, value) VALUES ('chainId', '31337')").run();
  const ctx: ApplyContext = {
    db, tasks: A.tasks.toLowerCase(), disputeGame: A.game.toLowerCase(), quorumTasks: A.quorum.toLowerCase(), treasury: A.treasury, timeOf: (b) => 1_700_000_000 + b,
    txGame: new Map(), txSlash: new Map(),
  };
  let logIndex = 0;
  let block = 10;
  const apply = (contract: IndexedContract, name: string, args: Record<string, string | number>, at?: number) => {
    block = at ?? block + 1;
    const txHash = `0x${block.toString(16).padStart(64, '0')}` as Hex;
    const e: StoredEvent = { block, logIndex: logIndex++, txHash, contract, name, args };
    db.prepare('INSERT OR REPLACE INTO blocks (number, hash, time) VALUES (?, ?, ?)').run(block, txHash, ctx.timeOf(block));
    db.prepare('INSERT OR IGNORE INTO txs (hash, block, sender, target, fn, gas_used, gas_price, success) VALUES (?, ?, ?, ?, ?, ?, ?, 1)').run(txHash, block, A.worker, A.tasks, name, 50_000 + block, '1');
    db.prepare('INSERT INTO events (block, log_index, tx_hash, contract, name, args) VALUES (?, ?, ?, ?, ?, ?)').run(block, e.logIndex, txHash, contract, name, JSON.stringify(args));
    applyEvent(ctx, e);
    db.prepare("INSERT INTO cursor (singleton, block, hash, updated_at) VALUES (1, ?, ?, 0) ON CONFLICT (singleton) DO UPDATE SET block = excluded.block").run(block, txHash);
  };
  const E18 = 10n ** 18n;
  apply('vouchToken', 'Transfer', { from: '0x0000000000000000000000000000000000000000', to: A.requester, value: (1000n * E18).toString() });
  apply('identityRegistry', 'Registered', { agentId: '1', agentURI: 'http://127.0.0.1:1/registration.json', owner: A.worker });
  apply('modelRegistry', 'ModelRegistered', { modelId: MODEL, registrant: A.worker, ioHash: MODEL, opsRoot: MODEL, constantsRoot: MODEL, opCount: 7, constantCount: 6, inputCount: 1 });
  db.prepare("INSERT INTO snapshots VALUES ('1', 60, 30, 1000, 100, ?, ?)").run((100n * E18).toString(), (50n * E18).toString());
  for (const taskId of ['1', '2', '3']) {
    apply('tasks', 'TaskCreated', { taskId, requester: A.requester, modelId: MODEL, inputHashes: '[]', fee: E18.toString(), claimDeadline: '1800000000', mode: 0, snapshotId: '1' });
    apply('tasks', 'TaskInputs', { taskId, data: '0x0102' });
  }
  apply('tasks', 'TaskClaimed', { taskId: '1', worker: A.worker, outputHash: MODEL, traceRoot: MODEL });
  apply('samplingCoordinator', 'SampleRequested', { taskId: '1', requester: A.requester, worker: A.worker, drawBlock: String(block + 1) });
  apply('samplingCoordinator', 'VerifierDrawn', { taskId: '1', verifier: A.challenger, deadline: '1700000400' });
  apply('samplingCoordinator', 'SampleAgreed', { taskId: '1', verifier: A.challenger });
  apply('tasks', 'TaskFinalized', { taskId: '1', worker: A.worker, workerAmount: ((E18 * 99n) / 100n).toString(), protocolFee: (E18 / 100n).toString() });
  apply('samplingCoordinator', 'SampleCleared', { taskId: '1', verifier: A.challenger });
  apply('tasks', 'TaskClaimed', { taskId: '2', worker: A.worker, outputHash: MODEL, traceRoot: MODEL });
  apply('samplingCoordinator', 'SampleRequested', { taskId: '2', requester: A.requester, worker: A.worker, drawBlock: String(block + 1) });
  apply('samplingCoordinator', 'VerifierDrawn', { taskId: '2', verifier: A.challenger, deadline: '1700000400' });
  apply('disputeGame', 'GameOpened', { gameId: '1', taskId: '2', challenger: A.challenger, worker: A.worker, challengerTraceRoot: MODEL, challengerOutputHash: MODEL, bond: (50n * E18).toString() });
  apply('tasks', 'TaskDisputed', { taskId: '2', challenger: A.challenger });
  apply('samplingCoordinator', 'SampleEscalated', { taskId: '2', verifier: A.challenger, toQuorum: 'false', escalation: '1' }, block);
  apply('disputeGame', 'Bisected', { gameId: '1', party: 0, position: '1', left: MODEL, right: MODEL });
  apply('disputeGame', 'Bisected', { gameId: '1', party: 1, position: '1', left: MODEL, right: MODEL });
  apply('disputeGame', 'TensorRootRevealed', { gameId: '1', party: 0, traceIndex: '7', root: MODEL });
  apply('disputeGame', 'TensorRootRevealed', { gameId: '1', party: 1, traceIndex: '7', root: MODEL });
  apply('disputeGame', 'LeafRevealed', { gameId: '1', party: 0, leafIndex: '0', leaf: '0x00' });
  apply('disputeGame', 'LeafRevealed', { gameId: '1', party: 1, leafIndex: '0', leaf: '0x00' }, block + 1);
  apply('disputeGame', 'ElementPicked', { gameId: '1', elementIndex: '3', workerValue: '5', challengerValue: '-2' }, block);
  apply('disputeGame', 'Stepped', { gameId: '1', caller: A.challenger, correctValue: '-2' });
  apply('disputeGame', 'GameResolved', { gameId: '1', taskId: '2', winner: 1, resolution: 2 }, block);
  apply('tasks', 'TaskRejected', { taskId: '2', worker: A.worker, challenger: A.challenger, slashed: (100n * E18).toString() }, block);

  // Quorum: task 1 finalized by seats 0 and 1, seat 2 silent and slashed; task 2 without a committee.
  const seatStake = (20n * E18).toString();
  apply('stakeManager', 'Bonded', { agent: A.member, amount: (100n * E18).toString() });
  apply('stakeManager', 'PooledStakeLocked', { game: A.quorum, agent: A.member, amount: (100n * E18).toString(), pooled: (100n * E18).toString() });
  apply('quorumTasks', 'CanonicalisationRegistered', { canonId: CANON, modelId: MODEL, kind: 2, decimals: 0 });
  apply('quorumTasks', 'QuorumTaskCreated', { taskId: '1', requester: A.requester, canonId: CANON, modelId: MODEL, inputHashes: '[]', fee: (9n * E18).toString(), size: '3', drawBlock: String(block + 1) });
  apply('quorumTasks', 'QuorumTaskInputs', { taskId: '1', data: '0x0102' });
  apply('quorumTasks', 'CommitteeDrawn', { taskId: '1', members: JSON.stringify([A.worker, A.challenger, A.member]), seed: MODEL, commitDeadline: '1700000600', revealDeadline: '1700000900' });
  for (const [seat, member] of [A.worker, A.challenger, A.member].entries()) apply('quorumTasks', 'Committed', { taskId: '1', seat: String(seat), member, commitment: MODEL });
  apply('validationRegistry', 'ValidationRequest', { validatorAddress: A.quorum, agentId: '1', requestURI: 'vouch:quorum:1?seat=0', requestHash: `0x${'a1'.repeat(32)}` });
  apply('quorumTasks', 'ValidationLinked', { taskId: '1', seat: '0', agentId: '1', requestHash: `0x${'a1'.repeat(32)}` });
  apply('quorumTasks', 'Revealed', { taskId: '1', seat: '0', member: A.worker, resultHash: RESULT });
  apply('quorumTasks', 'Revealed', { taskId: '1', seat: '1', member: A.challenger, resultHash: RESULT });
  apply('quorumTasks', 'MemberSlashed', { taskId: '1', seat: '2', member: A.member, amount: seatStake, revealed: 'false' });
  apply('stakeManager', 'PooledStakeSlashed', { game: A.quorum, agent: A.member, slashed: seatStake, winner: A.quorum, winnerAmount: (18n * E18).toString(), treasury: A.treasury, treasuryAmount: (2n * E18).toString() }, block);
  const share = ((9n * E18 + 18n * E18) / 2n).toString();
  apply('quorumTasks', 'QuorumFinalized', { taskId: '1', result: RESULT, majority: '2', share, slashed: seatStake }, block);
  apply('quorumTasks', 'Credited', { account: A.worker, amount: share }, block);
  apply('quorumTasks', 'Credited', { account: A.challenger, amount: share }, block);
  apply('validationRegistry', 'ValidationResponse', { validatorAddress: A.quorum, agentId: '1', requestHash: `0x${'a1'.repeat(32)}`, response: 100, responseURI: '', responseHash: RESULT, tag: 'vouch:quorum' }, block);
  apply('quorumTasks', 'ValidationPublished', { taskId: '1', requestHash: `0x${'a1'.repeat(32)}`, response: 100 }, block);
  apply('quorumTasks', 'QuorumTaskCreated', { taskId: '2', requester: A.requester, canonId: CANON, modelId: MODEL, inputHashes: '[]', fee: E18.toString(), size: '5', drawBlock: String(block + 1) });
  apply('quorumTasks', 'CommitteeUnavailable', { taskId: '2', poolSize: '3' });
  apply('quorumTasks', 'Credited', { account: A.requester, amount: E18.toString() }, block);

  // ERC-8004: Tasks' answer on task 1 (optimistic), the sampled verifier's, a requester's feedback.
  apply('validationRegistry', 'ValidationRequest', { validatorAddress: A.tasks, agentId: '1', requestURI: 'vouch:task:1', requestHash: `0x${'b1'.repeat(32)}` });
  apply('validationRegistry', 'ValidationResponse', { validatorAddress: A.tasks, agentId: '1', requestHash: `0x${'b1'.repeat(32)}`, response: 100, responseURI: '', responseHash: MODEL, tag: 'vouch:optimistic' });
  apply('validationRegistry', 'ValidationRequest', { validatorAddress: A.challenger, agentId: '1', requestURI: 'vouch:sampled:task:1', requestHash: `0x${'c1'.repeat(32)}` });
  apply('validationRegistry', 'ValidationResponse', { validatorAddress: A.challenger, agentId: '1', requestHash: `0x${'c1'.repeat(32)}`, response: 100, responseURI: '', responseHash: MODEL, tag: 'vouch:sampled' });
  apply('validationRegistry', 'ValidationRequest', { validatorAddress: A.tasks, agentId: '1', requestURI: 'vouch:task:3', requestHash: `0x${'d1'.repeat(32)}` });
  apply('reputationRegistry', 'NewFeedback', {
    agentId: '1', clientAddress: A.requester, feedbackIndex: '1', value: '100', valueDecimals: 0, indexedTag1: MODEL, tag1: 'vouch:optimistic', tag2: 'final',
    endpoint: 'http://127.0.0.1:1', feedbackURI: 'vouch:task:1', feedbackHash: `0x${'00'.repeat(32)}`,
  });
  return Object.assign(index, { apply });
}
