import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type Hex, createPublicClient, http } from 'viem';
import { reputationRegistryAbi } from '../../src/chain/abis/ReputationRegistry.ts';
import { createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import { rateTaskWorker, taskFeedbackUri } from '../../src/node/roles/rateTaskWorker.ts';
import { getSample } from '../../src/chain/actions/getSample.ts';
import { getTask } from '../../src/chain/actions/getTask.ts';
import { loadDeployment } from '../../src/chain/deploy/loadDeployment.ts';
import { type Launcher, type LauncherEvent, runLauncher } from './runLauncher.ts';

// Sampled and quorum tasks only (optimistic ones are network.test.ts'), one task every 2 s, every
// sampled claim drawn (p = 1), 3 honest quorum members and one that lies on every seat.
const ARGS = [
  '--workers', '1', '--cheaters', '0', '--challengers', '1', '--quorum-members', '3', '--quorum-liars', '1', '--quorum-lie-rate', '1',
  '--mix', 'sampled=1,quorum=1', '--sampling-rate', '1', '--rate', '30', '--port', '0', '--poll-ms', '300',
];

const workload = (kind: string) => (e: LauncherEvent) => e.kind === 'workload' && (e.event as { kind: string }).kind === kind;
type Ev = Record<string, unknown>;
const ev = (e: LauncherEvent) => e.event as Ev;

describe('vouch network up runs all three modes: quorum members and a workload of sampled and quorum tasks', { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vouch-network-modes-'));
  let l: Launcher | undefined;
  after(async () => {
    await l?.interrupt(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('quorum tasks are settled by the launcher\'s members (the liar outvoted and slashed, every member rated); sampled claims are drawn, answered by the challenger and finalized', async () => {
    const t0 = Date.now();
    l = runLauncher(['--data-dir', dataDir, ...ARGS]);
    const launcher = l;
    await launcher.waitFor((e) => e.kind === 'dashboard', 150_000);
    const kinds = Object.fromEntries(launcher.events.filter((e) => e.kind === 'agent-started').map((e) => [e.name, e.agentKind]));
    assert.deepEqual(kinds, { 'worker-1': 'worker', 'challenger-1': 'challenger', 'quorum-1': 'quorum', 'quorum-2': 'quorum', 'quorum-3': 'quorum', 'quorum-liar-1': 'quorum-liar' });
    const up = (Date.now() - t0) / 1000;

    // A quorum task with the liar on its committee: finalized on the honest result, the liar slashed.
    const liar = launcher.events.find((e) => e.kind === 'agent-started' && e.name === 'quorum-liar-1')!;
    const liarAccount = await accountOf(launcher, 'quorum-liar-1');
    const settled = await launcher.waitFor((e) => workload('quorum-task-settled')(e) && (ev(e).members as string[]).some((m) => m.toLowerCase() === liarAccount), 90_000);
    const q = ev(settled);
    assert.equal(q.state, 'finalized', JSON.stringify(q));
    const liarSeat = (q.members as string[]).findIndex((m) => m.toLowerCase() === liarAccount);
    assert.deepEqual(q.slashedSeats, [liarSeat]);
    assert.equal(q.predicted, q.label, 'the majority\'s label is the digit\'s (the float model gets these right)');
    const rated = ev(await launcher.waitFor((e) => workload('quorum-rated')(e) && ev(e).quorumTaskId === q.quorumTaskId, 30_000));
    const ratings = rated.ratings as { seat: number; agentId: string; value: number; status: string }[];
    assert.equal(ratings.length, 3);
    for (const r of ratings) {
      assert.equal(r.status, 'given', JSON.stringify(r));
      assert.equal(r.value, r.seat === liarSeat ? 0 : 100);
    }
    assert.equal(ratings[liarSeat].agentId, liar.agentId, 'the liar is rated under its own ERC-8004 id');
    const quorumSeconds = (Date.now() - t0) / 1000;

    // A sampled task: drawn (p = 1) to the challenger, which re-executes and agrees; once it has,
    // the challenge window is jumped over instead of waited for, and the worker finalizes it.
    const chain = launcher.events.find((e) => e.kind === 'chain')!;
    const client = { public: createPublicClient({ transport: http(chain.rpcUrl as string) }) };
    const { addresses } = await loadDeployment(client as never, { dataDir: join(dataDir, 'chain') });
    const drawn = ev(await launcher.waitFor((e) => workload('sample-drawn')(e), 60_000));
    assert.equal(drawn.status, 'assigned');
    assert.equal((drawn.verifier as string).toLowerCase(), await accountOf(launcher, 'challenger-1'));
    const taskId = BigInt(drawn.taskId as string);
    for (let i = 0; ; i++) {
      const s = await getSample(client as never, { samplingCoordinator: addresses.samplingCoordinator, taskId });
      if (s.status === 'agreed') break;
      assert.ok(i < 120, `the verifier did not answer the sample of task ${taskId} (${s.status})`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await client.public.request({ method: 'evm_increaseTime', params: [61] } as never);
    await client.public.request({ method: 'evm_mine' } as never);
    await launcher.waitFor((e) => e.kind === 'agent-event' && e.name === 'worker-1' && (e.event as Ev).event === 'finalized' && String((e.event as Ev).taskId) === String(taskId), 60_000);
    assert.equal((await getTask(client as never, { tasks: addresses.tasks, taskId })).state, 'finalized');
    const submitted = launcher.events.find((e) => workload('task-submitted')(e) && ev(e).taskId === String(taskId))!;
    assert.equal(ev(submitted).mode, 'sampled');

    // ERC-8004 Reputation: the workload rates the worker of the settled task, once.
    const worker = launcher.events.find((e) => e.kind === 'agent-started' && e.name === 'worker-1')!;
    const taskRated = ev(await launcher.waitFor((e) => workload('task-rated')(e) && ev(e).taskId === String(taskId), 30_000));
    assert.deepEqual(
      { mode: taskRated.mode, state: taskRated.state, value: taskRated.value, status: taskRated.status, agentId: taskRated.agentId },
      { mode: 'sampled', state: 'finalized', value: 100, status: 'given', agentId: worker.agentId },
    );
    const { key } = (JSON.parse(readFileSync(join(dataDir, 'network.json'), 'utf8')) as { requester: { key: Hex } }).requester;
    const requester = createVouchClients({ rpcUrl: chain.rpcUrl as string, privateKey: key });
    const feedback = await requester.public.getContractEvents({ address: addresses.reputationRegistry, abi: reputationRegistryAbi, eventName: 'NewFeedback', args: { agentId: BigInt(worker.agentId as string), clientAddress: requester.wallet.account.address }, fromBlock: 0n });
    const mine = feedback.filter((f) => f.args.feedbackURI === taskFeedbackUri(taskId));
    assert.equal(mine.length, 1);
    assert.deepEqual([mine[0].args.value, mine[0].args.tag1, mine[0].args.tag2], [100n, 'vouch:sampled', 'final']);
    const rerated = await rateTaskWorker(requester, { tasks: addresses.tasks, reputationRegistry: addresses.reputationRegistry, taskId, state: 'finalized', mode: 'sampled' });
    assert.equal(rerated.status, 'already', 'a second rating of the same task is not given');

    // The record keeps the quorum task's digit and outcome for the dashboard.
    const record = JSON.parse(readFileSync(join(dataDir, 'network.json'), 'utf8')) as { quorumLabels: Record<string, Ev>; labels: Record<string, Ev> };
    assert.equal(record.quorumLabels[q.quorumTaskId as string].state, 'finalized');
    assert.equal(record.labels[String(taskId)].mode, 'sampled');

    const finalSeconds = (Date.now() - t0) / 1000;
    let resumeSeconds = 0;
    const code = await launcher.interrupt();
    assert.equal(code, 0, launcher.stderr());
    // Quorum tasks not yet rated when it stopped are kept for the next start; rated ones are not.
    const after = JSON.parse(readFileSync(join(dataDir, 'network.json'), 'utf8')) as { workload: { pendingQuorum?: string[]; pendingRatings?: { taskId: string }[] } };
    const taskRatedIds = new Set(launcher.events.filter(workload('task-rated')).map((e) => ev(e).taskId as string));
    const unratedTasks = launcher.events.filter(workload('task-submitted')).map((e) => ev(e).taskId as string).filter((id) => !taskRatedIds.has(id));
    const pendingTasks = (after.workload.pendingRatings ?? []).map((r) => r.taskId);
    assert.deepEqual([...pendingTasks].sort(), unratedTasks.sort(), 'pendingRatings = Tasks tasks submitted and not rated');
    const ratedIds = new Set(launcher.events.filter(workload('quorum-rated')).map((e) => ev(e).quorumTaskId as string));
    const unrated = launcher.events.filter(workload('quorum-task-submitted')).map((e) => ev(e).quorumTaskId as string).filter((id) => !ratedIds.has(id));
    assert.deepEqual([...(after.workload.pendingQuorum ?? [])].sort(), unrated.sort(), 'pendingQuorum = submitted and not rated');
    const pending = after.workload.pendingQuorum ?? [];
    // A quorum task is submitted every 4 s and takes longer than that to settle: some are in flight.
    assert.ok(pending.length > 0, 'quorum tasks were in flight at Ctrl-C');

    // The next start (no new tasks) follows them to settlement and rates them; the record empties.
    const t1 = Date.now();
    const again = runLauncher(['--data-dir', dataDir, ...ARGS.map((a, i) => (ARGS[i - 1] === '--rate' ? '0' : a))]);
    l = again;
    // Their commit and reveal windows (60 s each) are jumped over once the members are back, as
    // the challenge window was: each becomes settleable at once (a seat that had not revealed is
    // silent then), instead of waiting up to two minutes.
    await again.waitFor((e) => e.kind === 'dashboard', 120_000);
    const chainAgain = createPublicClient({ transport: http(again.events.find((e) => e.kind === 'chain')!.rpcUrl as string) });
    await chainAgain.request({ method: 'evm_increaseTime', params: [121] } as never);
    await chainAgain.request({ method: 'evm_mine' } as never);
    for (const id of pending) {
      const settledAgain = ev(await again.waitFor((e) => workload('quorum-task-settled')(e) && ev(e).quorumTaskId === id, 60_000));
      assert.ok(settledAgain.state === 'finalized' || settledAgain.state === 'refunded');
      const ratedAgain = ev(await again.waitFor((e) => workload('quorum-rated')(e) && ev(e).quorumTaskId === id, 30_000));
      assert.ok((ratedAgain.ratings as { status: string }[]).every((r) => r.status !== 'already'), 'rated once, in this run');
    }
    for (const id of pendingTasks) {
      const ratedAgain = ev(await again.waitFor((e) => workload('task-rated')(e) && ev(e).taskId === id, 60_000));
      assert.equal(ratedAgain.status, 'given', `task ${id} rated once, in this run`);
    }
    assert.equal(await again.interrupt(), 0, again.stderr());
    const last = JSON.parse(readFileSync(join(dataDir, 'network.json'), 'utf8')) as { workload: { pendingQuorum?: string[]; pendingRatings?: unknown[] } };
    assert.equal(last.workload.pendingQuorum, undefined, 'nothing left to follow');
    assert.equal(last.workload.pendingRatings, undefined, 'nothing left to rate');
    resumeSeconds = (Date.now() - t1) / 1000;
    process.stdout.write(`# network modes: 6 agents up in ${up.toFixed(1)} s, quorum task ${String(q.quorumTaskId)} settled and rated at ${quorumSeconds.toFixed(1)} s, sampled task ${taskId} final at ${finalSeconds.toFixed(1)} s (window jumped); ${pending.length} quorum task(s) and ${pendingTasks.length} Tasks task(s) pending at Ctrl-C followed and rated by the next start in ${resumeSeconds.toFixed(1)} s\n`);
  });
});

/** An agent's account, from the launcher's /api/network. */
async function accountOf(l: Launcher, name: string): Promise<string> {
  const dashboard = l.events.find((e) => e.kind === 'dashboard')!;
  const status = (await (await fetch(new URL('/api/network', dashboard.url as string))).json()) as { agents: { name: string; account: string }[] };
  return status.agents.find((a) => a.name === name)!.account.toLowerCase();
}
