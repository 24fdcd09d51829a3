import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { type Hex, parseEther } from 'viem';
import { reputationRegistryAbi } from '../../src/chain/abis/ReputationRegistry.ts';
import { stakeManagerAbi } from '../../src/chain/abis/StakeManager.ts';
import { tasksAbi } from '../../src/chain/abis/Tasks.ts';
import { vouchTokenAbi } from '../../src/chain/abis/VouchToken.ts';
import { getTask } from '../../src/chain/actions/getTask.ts';
import type { StartAnvilReturnType } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import type { DeployVouchReturnType } from '../../src/chain/deploy/deployVouch.ts';
import { type AgentProcess, runVouch, startTestChain, testAgent } from './agentProcess.ts';

const BIN = new URL('../../bin/vouch.js', import.meta.url).pathname;
const MODEL = new URL('../../models/mnist-cnn.vouch', import.meta.url).pathname;
const TASKS = 20;
const FEE = parseEther('1');
const MIN_STAKE = parseEther('100');

type Agent = AgentProcess;

const agent = (name: string): Agent => testAgent('e2e', name);
const run = (a: Agent, args: string[], readyEvent?: string) => runVouch(a, args, { readyEvent });

describe('end to end on anvil: 1 requester, 2 honest workers, 1 cheating worker, 1 challenger, each its own process, found through ERC-8004', { timeout: 600_000 }, () => {
  let anvil: StartAnvilReturnType;
  let deployer: VouchClients;
  let deployment: DeployVouchReturnType;
  const dir = mkdtempSync(join(tmpdir(), 'vouch-e2e-'));
  const honest = [agent('worker-1'), agent('worker-2')];
  const cheater = agent('cheater');
  const challenger = agent('challenger');
  const requester = agent('requester');
  const everyone = [...honest, cheater, challenger, requester];
  const initial = new Map<string, bigint>();
  let rows: { taskId: string; worker: string; state: string }[] = [];
  let submitSeconds = 0;

  before(async () => {
    ({ anvil, deployer, deployment } = await startTestChain(dir, { params: { challengeWindow: 60n, disputeMoveClock: 30n, minStake: MIN_STAKE } }, everyone.map((a) => a.address)));
    for (const a of everyone) initial.set(a.address, await holdings(a.address));
    const common = ['agent', 'start', '--rpc', anvil.rpcUrl, '--deployment-dir', join(dir, 'chain'), '--model', MODEL, '--json', '--poll-ms', '300'];
    await Promise.all([
      ...honest.map((a) => run(a, [...common, '--role', 'worker', '--key', a.key, '--data-dir', join(dir, a.name)], 'started')),
      run(cheater, [...common, '--role', 'worker', '--key', cheater.key, '--data-dir', join(dir, cheater.name), '--cheat-rate', '1'], 'started'),
      run(challenger, [...common, '--role', 'challenger', '--key', challenger.key, '--data-dir', join(dir, challenger.name)], 'started'),
    ]);
    const t0 = Date.now();
    await run(requester, [
      'task', 'submit', '--rpc', anvil.rpcUrl, '--key', requester.key, '--deployment-dir', join(dir, 'chain'), '--model', MODEL,
      '--mnist', String(TASKS), '--wait', '--json', // no --worker: found through ERC-8004
    ]);
    submitSeconds = (Date.now() - t0) / 1000;
    rows = requester.events as typeof rows;
  });

  after(async () => {
    for (const a of everyone) a.proc?.kill('SIGTERM');
    await anvil?.stop();
  });

  /** Wallet + bonded stake + credits in Tasks and the StakeManager: everything an agent owns. */
  async function holdings(address: Hex): Promise<bigint> {
    const read = deployer.public.readContract;
    const { addresses } = deployment;
    const [wallet, bonded, stakeCredits, taskCredits] = await Promise.all([
      read({ address: addresses.vouchToken, abi: vouchTokenAbi, functionName: 'balanceOf', args: [address] }),
      read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'bondedOf', args: [address] }) as Promise<bigint>,
      read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'creditsOf', args: [address] }) as Promise<bigint>,
      read({ address: addresses.tasks, abi: tasksAbi, functionName: 'creditsOf', args: [address] }),
    ]);
    return wallet + bonded + stakeCredits + taskCredits;
  }

  test('every task settles: the honest workers\' results are final, every cheat is rejected', async () => {
    assert.equal(rows.length, TASKS);
    const workerUrls = [...honest, cheater].map((a) => a.events.find((e) => e.event === 'started')!.url as string);
    assert.deepEqual(new Set(rows.map((r) => r.worker)), new Set(workerUrls), 'discovery finds the three workers, not the challenger');
    const cheaterUrl = cheater.events.find((e) => e.event === 'started')!.url;
    for (const r of rows) {
      const t = await getTask(deployer, { tasks: deployment.addresses.tasks, taskId: BigInt(r.taskId) });
      assert.equal(t.state, r.worker === cheaterUrl ? 'rejected' : 'finalized', `task ${r.taskId} from ${r.worker}`);
    }
    const cheats = cheater.events.filter((e) => e.event === 'cheat').length;
    assert.ok(cheats >= 6, `the cheater corrupted ${cheats} results`);
    assert.equal(challenger.events.filter((e) => e.event === 'dispute-won').length, cheats, 'the challenger won one dispute per cheat');
    assert.equal(cheater.events.filter((e) => e.event === 'dispute-lost').length, cheats);
    const seconds = challenger.events.filter((e) => e.event === 'dispute-opened' || e.event === 'dispute-won');
    const opened = new Map(seconds.filter((e) => e.event === 'dispute-opened').map((e) => [e.gameId, Date.parse(e.t as string)]));
    const walls = seconds.filter((e) => e.event === 'dispute-won').map((e) => (Date.parse(e.t as string) - opened.get(e.gameId)!) / 1000);
    process.stdout.write(`# e2e: ${TASKS} tasks settled in ${submitSeconds.toFixed(1)} s (${(TASKS / submitSeconds).toFixed(2)} tasks/s, 60 s challenge window, 1 s blocks); dispute wall time ${Math.min(...walls).toFixed(1)}-${Math.max(...walls).toFixed(1)} s\n`);
  });

  test('no honest agent loses anything; the cheater pays minStake per cheat; tokens are conserved', async () => {
    const cheats = BigInt(cheater.events.filter((e) => e.event === 'cheat').length);
    const finals = BigInt(TASKS) - cheats;
    const delta = async (a: Agent) => (await holdings(a.address)) - initial.get(a.address)!;
    for (const w of honest) assert.ok((await delta(w)) > 0n, `${w.name} earned fees`);
    assert.equal((await delta(cheater)) , -cheats * MIN_STAKE);
    // The challenger wins the slashed stake minus the treasury's 10%, and its bonds come back.
    assert.equal(await delta(challenger), (cheats * MIN_STAKE * 9n) / 10n);
    assert.equal(await delta(requester), -finals * FEE, 'the requester pays only for final results (rejected fees are refunded)');
    const treasury = deployment.addresses.timelockController;
    const all = [...everyone.map((a) => a.address), treasury];
    let sum = 0n;
    for (const a of all) sum += await holdings(a);
    const start = [...initial.values()].reduce((x, y) => x + y, 0n);
    assert.equal(sum, start, 'every token the agents held is still held by an agent or the treasury');
  });

  test('ERC-8004: every settled task posted its validation response (100 final, 0 rejected) and got the requester\'s feedback', async () => {
    const logs = await deployer.public.getContractEvents({ address: deployment.addresses.tasks, abi: tasksAbi, eventName: 'ValidationPublished', fromBlock: 0n });
    const failures = [...honest, cheater].flatMap((a) => a.events.filter((e) => e.event === 'validation-request-failed'));
    assert.equal(logs.length, TASKS, JSON.stringify(failures.slice(0, 3)));
    const rejected = new Set((await deployer.public.getContractEvents({ address: deployment.addresses.tasks, abi: tasksAbi, eventName: 'TaskRejected', fromBlock: 0n })).map((l) => l.args.taskId));
    for (const l of logs) assert.equal(l.args.response, rejected.has(l.args.taskId!) ? 0 : 100);
    // The requester rates every settled result in the Reputation registry: 100 final, 0 rejected.
    const feedback = await deployer.public.getContractEvents({ address: deployment.addresses.reputationRegistry, abi: reputationRegistryAbi, eventName: 'NewFeedback', fromBlock: 0n });
    assert.equal(feedback.length, TASKS);
    for (const f of feedback) {
      const taskId = BigInt(f.args.feedbackURI!.split(':').at(-1)!);
      assert.equal(f.args.clientAddress, requester.address);
      assert.equal(f.args.tag1, 'vouch:optimistic');
      assert.equal(f.args.value, rejected.has(taskId) ? 0n : 100n, `feedback on task ${taskId}`);
    }
  });

  test('the CLI reads it back: task show, dispute list, dispute show', async () => {
    const cli = async (...args: string[]) => {
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...args, '--rpc', anvil.rpcUrl, '--deployment-dir', join(dir, 'chain'), '--json']);
      return stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    const cheaterUrl = cheater.events.find((e) => e.event === 'started')!.url;
    const cheated = rows.find((r) => r.worker === cheaterUrl)!;
    const [task] = await cli('task', 'show', cheated.taskId);
    assert.equal(task.state, 'rejected');
    const names = (task.events as { event: string }[]).map((e) => e.event);
    for (const n of ['TaskCreated', 'TaskInputs', 'TaskClaimed', 'GameOpened', 'GameResolved', 'TaskRejected', 'ValidationPublished']) assert.ok(names.includes(n), `task show lists ${n}: ${names}`);
    const games = await cli('dispute', 'list');
    assert.equal(games.length, cheater.events.filter((e) => e.event === 'cheat').length);
    assert.ok(games.every((g) => g.status === 'challenger-won'));
    const [game] = await cli('dispute', 'show', String((task.gameIds as string[])[0]));
    const moves = (game.events as { event: string }[]).map((e) => e.event);
    assert.equal(moves[0], 'GameOpened');
    assert.ok(moves.includes('Bisected') && moves.includes('ElementPicked'), `moves: ${moves}`);
    assert.equal(moves.at(-1), 'GameResolved');
    const txs = new Set((game.events as { tx: string }[]).map((e) => e.tx)).size;
    process.stdout.write(`# e2e: dispute ${game.gameId}: ${txs} transactions from open to resolution\n`);
    await assert.rejects(cli('task', 'show', 'abc'), /task id/);
  });
});
