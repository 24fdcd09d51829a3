// The derived accounting on synthetic events (no chain): the paths the live test does not
// take (a challenger losing its bond, unbonding, prepaid fees, cancellation), and replay
// giving the same tables.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VouchDeployment } from '../../src/chain/deploy/deploymentPath.ts';
import { derivedTables } from '../../src/indexer/migrations.ts';
import { replayDerived } from '../../src/indexer/syncIndex.ts';
import { getAgentView } from '../../src/indexer/views/agents.ts';
import { getDisputeView } from '../../src/indexer/views/disputes.ts';
import { listFlows } from '../../src/indexer/views/flows.ts';
import { getQuorumTaskView } from '../../src/indexer/views/quorum.ts';
import { getSampleView } from '../../src/indexer/views/samples.ts';
import { getTaskView } from '../../src/indexer/views/tasks.ts';
import { A, CANON, MODEL, RESULT, fixtureIndex } from '../api/fixture.ts';

const account = (index: ReturnType<typeof fixtureIndex>, address: string) => index.db.prepare('SELECT * FROM accounts WHERE address = ?').get(address) as Record<string, string>;
const gameKey = (id: number) => `0x${id.toString(16).padStart(64, '0')}`;

describe('applyEvent accounting', () => {
  const index = fixtureIndex();
  // An agent identity for the challenger, so its AgentView exists.
  index.apply('identityRegistry', 'Registered', { agentId: '2', agentURI: 'data:application/json,{"name":"c","vouch":{"roles":["challenger"]}}', owner: A.challenger });

  test('a challenger that loses: its bond slashed to the worker and the treasury, the task challengeable again', () => {
    index.apply('stakeManager', 'Bonded', { agent: A.challenger, amount: '1000' });
    index.apply('tasks', 'TaskCreated', { taskId: '4', requester: A.requester, modelId: MODEL, inputHashes: '[]', fee: '10', claimDeadline: '1800000000', mode: 0, snapshotId: '1' });
    index.apply('tasks', 'TaskClaimed', { taskId: '4', worker: A.worker, outputHash: MODEL, traceRoot: MODEL });
    index.apply('disputeGame', 'GameOpened', { gameId: '2', taskId: '4', challenger: A.challenger, worker: A.worker, challengerTraceRoot: MODEL, challengerOutputHash: MODEL, bond: '50' });
    index.apply('stakeManager', 'StakeLocked', { game: A.game, key: gameKey(2), agent: A.challenger, amount: '50' }, undefined);
    assert.equal(account(index, A.challenger).locked, '50');
    index.apply('disputeGame', 'GameResolved', { gameId: '2', taskId: '4', winner: 0, resolution: 1 });
    const resolvedBlock = (index.db.prepare('SELECT block FROM cursor').get() as { block: number }).block;
    index.apply('stakeManager', 'StakeSlashed', { game: A.game, key: gameKey(2), agent: A.challenger, slashed: '50', winner: A.worker, winnerAmount: '45', treasury: A.treasury, treasuryAmount: '5' }, resolvedBlock);
    index.apply('tasks', 'DisputeLostByChallenger', { taskId: '4', challenger: A.challenger, newWindowStart: '1700000999' }, resolvedBlock);

    const c = account(index, A.challenger);
    assert.deepEqual([c.bonded, c.locked, c.slashed], ['950', '0', '50']);
    const w = account(index, A.worker);
    assert.equal(BigInt(w.stake_credits), 45n);
    const task = getTaskView(index, 4)!;
    assert.equal(task.status, 'claimed');
    assert.equal(task.claim?.windowEnd, 1700000999 + 60);
    const game = getDisputeView(index, 2)!;
    assert.deepEqual([game.status, game.resolution, game.slashed], ['worker-won', 'timeout', '50']);
    assert.equal(game.moves.at(-1)?.party, 'worker');
    const flows = listFlows(index, { gameId: 2 }).flows.map((f) => [f.kind, f.from, f.to, f.amount, f.taskId]);
    assert.deepEqual(flows.sort(), [
      ['bond', A.challenger, undefined, '50', '4'],
      ['reward', A.challenger, A.worker, '45', '4'],
      ['slash', A.challenger, A.treasury, '5', '4'],
    ].sort());
    const agent = getAgentView(index, 2)!;
    // Its credits: its share as a quorum majority member in the fixture (13.5 VOUCH in QuorumTasks).
    assert.deepEqual([agent.stake, agent.slashed, agent.credits], [{ free: '950', locked: '0', unbonding: '0' }, '50', (135n * 10n ** 17n).toString()]);
  });

  test('unbonding, withdrawals, prepaid fees and a cancelled task', () => {
    index.apply('stakeManager', 'UnbondRequested', { agent: A.challenger, amount: '200', pendingTotal: '200', readyAt: '1800000000' });
    assert.deepEqual([account(index, A.challenger).bonded, account(index, A.challenger).unbonding], ['750', '200']);
    index.apply('stakeManager', 'Withdrawn', { account: A.challenger, credits: '0', unbonded: '200' });
    assert.equal(account(index, A.challenger).unbonding, '0');
    index.apply('tasks', 'Deposited', { account: A.requester, amount: '25' });
    index.apply('tasks', 'TaskCreated', { taskId: '5', requester: A.requester, modelId: MODEL, inputHashes: '[]', fee: '20', claimDeadline: '1800000000', mode: 0, snapshotId: '1' });
    assert.equal(account(index, A.requester).task_credits, '5', 'the fee came from the prepaid credits');
    const before = BigInt(account(index, A.requester).task_credits);
    index.apply('tasks', 'TaskCancelled', { taskId: '5', requester: A.requester, refund: '20' });
    index.apply('tasks', 'Credited', { account: A.requester, amount: '20' });
    assert.equal(BigInt(account(index, A.requester).task_credits), before + 20n);
    assert.equal(getTaskView(index, 5)?.status, 'cancelled');
    assert.deepEqual(listFlows(index, { taskId: 5 }).flows.map((f) => f.kind).sort(), ['fee-paid', 'refund']);
  });

  test('a sample escalated to a quorum, the quorum finalized and the escalation resolved against the claim', () => {
    index.apply('tasks', 'TaskCreated', { taskId: '6', requester: A.requester, modelId: MODEL, inputHashes: '[]', fee: '10', claimDeadline: '1800000000', mode: 2, snapshotId: '1' });
    index.apply('tasks', 'TaskClaimed', { taskId: '6', worker: A.worker, outputHash: MODEL, traceRoot: MODEL });
    index.apply('samplingCoordinator', 'SampleRequested', { taskId: '6', requester: A.requester, worker: A.worker, drawBlock: '1' });
    index.apply('samplingCoordinator', 'VerifierDrawn', { taskId: '6', verifier: A.challenger, deadline: '1700000500' });
    index.apply('quorumTasks', 'QuorumTaskCreated', { taskId: '3', requester: A.challenger, canonId: CANON, modelId: MODEL, inputHashes: '[]', fee: '3', size: '1', drawBlock: '1' });
    index.apply('samplingCoordinator', 'SampleEscalated', { taskId: '6', verifier: A.challenger, toQuorum: true as unknown as string, escalation: '3' });
    assert.deepEqual(getSampleView(index, 6)?.escalation, { to: 'quorum', id: '3', status: 'drawing' });
    assert.equal(getQuorumTaskView(index, 3)?.escalatedFrom, '6');
    index.apply('quorumTasks', 'CommitteeDrawn', { taskId: '3', members: JSON.stringify([A.member]), seed: MODEL, commitDeadline: '1', revealDeadline: '2' });
    index.apply('quorumTasks', 'Committed', { taskId: '3', seat: '0', member: A.member, commitment: MODEL });
    index.apply('quorumTasks', 'Revealed', { taskId: '3', seat: '0', member: A.member, resultHash: RESULT });
    index.apply('quorumTasks', 'QuorumFinalized', { taskId: '3', result: RESULT, majority: '1', share: '3', slashed: '0' });
    index.apply('samplingCoordinator', 'QuorumEscalationResolved', { taskId: '6', quorumTaskId: '3', claimRejected: true as unknown as string, quorumResult: RESULT });
    index.apply('tasks', 'TaskRejected', { taskId: '6', worker: A.worker, challenger: A.challenger, slashed: '100' });
    const sample = getSampleView(index, 6)!;
    assert.deepEqual([sample.status, sample.answer, sample.taskStatus], ['overturned', 'escalate', 'rejected']);
    assert.deepEqual(sample.escalation, { to: 'quorum', id: '3', status: 'finalized', claimRejected: true, quorumResult: RESULT });
    assert.equal(getAgentView(index, 2)?.roles.includes('verifier'), true);
  });

  test('replaying the stored events gives the same derived tables', () => {
    const dump = () =>
      Object.fromEntries(derivedTables.map((t) => [t, index.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
    const first = dump();
    replayDerived(index, { addresses: { tasks: A.tasks, disputeGame: A.game, quorumTasks: A.quorum } } as unknown as VouchDeployment, A.treasury);
    assert.deepEqual(dump(), first);
  });
});

describe('registration files', () => {
  test('data: and http URIs give names and roles; failures are recorded, never thrown', async () => {
    const { fetchRegistrations } = await import('../../src/indexer/fetchRegistrations.ts');
    const { listAgents } = await import('../../src/indexer/views/agents.ts');
    const index = fixtureIndex(); // agent 1's URI points at a closed port
    index.apply('identityRegistry', 'Registered', { agentId: '2', agentURI: 'data:application/json,{"name":"c","vouch":{"roles":["challenger","admin"]}}', owner: A.challenger });
    index.apply('identityRegistry', 'Registered', { agentId: '3', agentURI: 'ipfs://bafy', owner: A.requester });
    index.apply('identityRegistry', 'Registered', { agentId: '4', agentURI: `data:application/json;base64,${Buffer.from(JSON.stringify({ name: 'w', description: 'Vouch agent (worker, challenger) serving int8' })).toString('base64')}`, owner: A.treasury });
    assert.equal(await fetchRegistrations(index, { timeoutMs: 500 }), 2);
    const agents = new Map(listAgents(index).map((a) => [a.agentId, a]));
    // 'challenger' from the file ('admin' is not a Vouch role); member and verifier observed on chain (the fixture's quorum seat and sample).
    assert.deepEqual([agents.get('2')?.name, agents.get('2')?.roles], ['c', ['challenger', 'member', 'verifier']]);
    assert.deepEqual([agents.get('4')?.name, agents.get('4')?.roles], ['w', ['challenger', 'worker']]);
    assert.equal(agents.get('1')?.name, undefined);
    const errors = index.db.prepare('SELECT uri, error, attempts FROM registrations WHERE error IS NOT NULL ORDER BY uri').all() as { uri: string; error: string; attempts: number }[];
    assert.equal(errors.length, 2);
    assert.match(errors.find((e) => e.uri.startsWith('ipfs'))!.error, /unsupported URI scheme/);
    // Not retried before its back-off.
    assert.equal(await fetchRegistrations(index, { timeoutMs: 500 }), 0);
    assert.equal((index.db.prepare('SELECT MAX(attempts) AS n FROM registrations').get() as { n: number }).n, 1);
  });
});
