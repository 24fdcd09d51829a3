import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseEther } from 'viem';
import { disputeGameAbi } from '../../src/chain/abis/DisputeGame.ts';
import { samplingCoordinatorAbi } from '../../src/chain/abis/SamplingCoordinator.ts';
import { tasksAbi } from '../../src/chain/abis/Tasks.ts';
import { validationRegistryAbi } from '../../src/chain/abis/ValidationRegistry.ts';
import { getSample } from '../../src/chain/actions/getSample.ts';
import { getTask } from '../../src/chain/actions/getTask.ts';
import type { StartAnvilReturnType } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import type { DeployVouchReturnType } from '../../src/chain/deploy/deployVouch.ts';
import { type AgentProcess, runVouch, startTestChain, testAgent } from './agentProcess.ts';

const MODEL = new URL('../../models/mnist-cnn.vouch', import.meta.url).pathname;
const TASKS = 40;
const P = 0.5;

type Agent = AgentProcess;

const agent = (name: string): Agent => testAgent('sampled e2e', name);
const run = (a: Agent, args: string[], readyEvent?: string) => runVouch(a, args, { readyEvent });

type Row = { taskId: string; worker: string; state: string; sample: string; verifier: string };

describe(`sampled mode end to end on anvil: ${TASKS} tasks at p = ${P}, an honest worker, a cheating worker, a sampling verifier, each its own process`, { timeout: 300_000 }, () => {
  let anvil: StartAnvilReturnType;
  let deployer: VouchClients;
  let deployment: DeployVouchReturnType;
  const dir = mkdtempSync(join(tmpdir(), 'vouch-sampled-e2e-'));
  const worker = agent('worker');
  const cheater = agent('cheater');
  const verifier = agent('verifier');
  const requester = agent('requester');
  let rows: Row[] = [];
  const started = Date.now();

  before(async () => {
    ({ anvil, deployer, deployment } = await startTestChain(
      dir,
      {
        params: { challengeWindow: 180n, disputeMoveClock: 30n, minStake: parseEther('100') },
        samplingParams: { samplingBps: P * 10_000, answerWindow: 150, drawDelay: 1, verifierBond: parseEther('10'), slashTreasuryBps: 1_000 },
      },
      [worker, cheater, verifier, requester].map((a) => a.address),
    ));
    const common = ['agent', 'start', '--rpc', anvil.rpcUrl, '--deployment-dir', join(dir, 'chain'), '--model', MODEL, '--json', '--poll-ms', '300'];
    await Promise.all([
      // 20 claims each open at once, each locking minStake.
      run(worker, [...common, '--role', 'worker', '--key', worker.key, '--data-dir', join(dir, worker.name), '--stake', '5000'], 'started'),
      run(cheater, [...common, '--role', 'worker', '--key', cheater.key, '--data-dir', join(dir, cheater.name), '--cheat-rate', '1', '--stake', '3000'], 'started'),
      // Verifies only what it is drawn for: its own coin never fires.
      run(verifier, [...common, '--role', 'challenger', '--key', verifier.key, '--data-dir', join(dir, verifier.name), '--verify-probability', '0', '--sampling', '--stake', '5000'], 'started'),
    ]);
    const url = (a: Agent) => a.events.find((e) => e.event === 'started')!.url as string;
    process.stdout.write(`# sampled e2e: 3 agents started in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const t0 = Date.now();
    // Once every sample is drawn and answered and every escalated game resolved, the challenge
    // windows (180 s: room for a verifier slowed by a loaded machine) are jumped over instead of waited for.
    let done = false;
    const jump = async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, 1000));
        const count = Number(await deployer.public.readContract({ address: deployment.addresses.tasks, abi: tasksAbi, functionName: 'taskCount' }));
        if (count < TASKS) continue;
        const samples = await Promise.all(Array.from({ length: TASKS }, (_, i) => getSample(deployer, { samplingCoordinator: deployment.addresses.samplingCoordinator, taskId: BigInt(i + 1) })));
        if (samples.some((s) => s.status === 'none' || s.status === 'requested' || s.status === 'assigned')) continue;
        const opened = await deployer.public.getContractEvents({ address: deployment.addresses.disputeGame, abi: disputeGameAbi, eventName: 'GameOpened', fromBlock: 0n });
        const resolved = await deployer.public.getContractEvents({ address: deployment.addresses.disputeGame, abi: disputeGameAbi, eventName: 'GameResolved', fromBlock: 0n });
        if (opened.length !== samples.filter((s) => s.status === 'escalated').length || resolved.length !== opened.length) continue;
        await deployer.public.request({ method: 'evm_increaseTime', params: [181] } as never);
        await deployer.public.request({ method: 'evm_mine' } as never);
        return;
      }
    };
    // Half the tasks go to the cheater, so that no cheat being sampled has probability 2^-20.
    const workers = [url(worker), url(cheater)].flatMap((u) => ['--worker', u]);
    await Promise.all([
      run(requester, ['task', 'submit', '--mode', 'sampled', '--rpc', anvil.rpcUrl, '--key', requester.key, '--deployment-dir', join(dir, 'chain'), '--model', MODEL, '--mnist', String(TASKS), ...workers, '--wait', '--json']).finally(() => (done = true)),
      jump(),
    ]);
    rows = requester.events as Row[];
    process.stdout.write(`# sampled e2e: ${TASKS} sampled-mode tasks settled in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  });

  after(async () => {
    // Each agent's event lines, for a post-mortem.
    for (const a of [worker, cheater, verifier, requester]) writeFileSync(join(dir, `${a.name}.jsonl`), a.events.map((e) => JSON.stringify(e)).join('\n'));
    for (const a of [worker, cheater, verifier, requester]) a.proc?.kill('SIGTERM');
    await anvil?.stop();
  });

  test(`the sampled fraction matches p = ${P} within 3 binomial standard deviations`, async () => {
    assert.equal(rows.length, TASKS);
    const samples = await Promise.all(rows.map((r) => getSample(deployer, { samplingCoordinator: deployment.addresses.samplingCoordinator, taskId: BigInt(r.taskId) })));
    assert.ok(samples.every((s) => s.status !== 'none' && s.status !== 'requested'), 'every claim was requested and drawn');
    assert.equal(samples.filter((s) => s.status === 'unassigned' || s.status === 'missed').length, 0, 'every sampled claim got the verifier, which answered in time');
    const sampled = samples.filter((s) => s.status !== 'notSampled').length;
    const sd = Math.sqrt(TASKS * P * (1 - P));
    process.stdout.write(`# sampled e2e: ${sampled} of ${TASKS} claims sampled (expected ${TASKS * P} ± ${sd.toFixed(2)})\n`);
    assert.ok(Math.abs(sampled - TASKS * P) <= 3 * sd, `${sampled} sampled, outside ${TASKS * P} ± ${(3 * sd).toFixed(1)}`);
  });

  test('every sampled cheat is disputed by the verifier and rejected; every sampled honest claim agreed and final; unsampled claims final', async () => {
    const cheaterUrl = cheater.events.find((e) => e.event === 'started')!.url;
    let sampledCheats = 0;
    for (const r of rows) {
      const s = await getSample(deployer, { samplingCoordinator: deployment.addresses.samplingCoordinator, taskId: BigInt(r.taskId) });
      const t = await getTask(deployer, { tasks: deployment.addresses.tasks, taskId: BigInt(r.taskId) });
      const cheat = r.worker === cheaterUrl;
      if (s.status === 'notSampled') {
        // Sampling is probabilistic: an unsampled cheat goes through (no challenger watches every claim here).
        assert.equal(t.state, 'finalized', `task ${r.taskId}`);
      } else if (cheat) {
        sampledCheats++;
        assert.equal(s.status, 'escalated', `task ${r.taskId}: the verifier escalated`);
        assert.equal(t.state, 'rejected', `task ${r.taskId}`);
      } else {
        assert.ok(s.status === 'agreed' || s.status === 'cleared', `task ${r.taskId}: ${s.status}`);
        assert.equal(t.state, 'finalized', `task ${r.taskId}`);
      }
    }
    assert.ok(sampledCheats >= 1, 'at least one of the 20 cheats was sampled (fails with probability 2^-20)');
    assert.equal(verifier.events.filter((e) => e.event === 'dispute-won').length, sampledCheats);
    process.stdout.write(`# sampled e2e: ${sampledCheats} of 20 cheats sampled and rejected\n`);
  });

  test('ERC-8004: every settled task posted by Tasks (tag vouch:optimistic), every sampled claim answered by its verifier (tag vouch:sampled)', async () => {
    const { tasks, validationRegistry } = deployment.addresses;
    const published = await deployer.public.getContractEvents({ address: tasks, abi: tasksAbi, eventName: 'ValidationPublished', fromBlock: 0n });
    assert.equal(published.length, TASKS);
    const responses = await deployer.public.getContractEvents({ address: validationRegistry, abi: validationRegistryAbi, eventName: 'ValidationResponse', args: { validatorAddress: tasks }, fromBlock: 0n });
    assert.equal(responses.length, TASKS);
    for (const r of responses) assert.equal(r.args.tag, 'vouch:optimistic');
    // Each sampled claim's answer, posted by the drawn verifier to the worker's request: 100 agreed, 0 escalated.
    const sampledAnswers = await deployer.public.getContractEvents({ address: validationRegistry, abi: validationRegistryAbi, eventName: 'ValidationResponse', args: { validatorAddress: verifier.address }, fromBlock: 0n });
    const expected = new Map<bigint, number>();
    for (const r of rows) {
      const s = await getSample(deployer, { samplingCoordinator: deployment.addresses.samplingCoordinator, taskId: BigInt(r.taskId) });
      if (s.status !== 'notSampled') expected.set(BigInt(r.taskId), s.status === 'escalated' ? 0 : 100);
    }
    assert.equal(sampledAnswers.length, expected.size, 'one vouch:sampled answer per sampled claim');
    const requests = await deployer.public.getContractEvents({ address: validationRegistry, abi: validationRegistryAbi, eventName: 'ValidationRequest', args: { validatorAddress: verifier.address }, fromBlock: 0n });
    const taskOfRequest = new Map(requests.map((q) => [q.args.requestHash!, BigInt(q.args.requestURI!.split(':').at(-1)!)]));
    for (const a of sampledAnswers) {
      assert.equal(a.args.tag, 'vouch:sampled');
      const taskId = taskOfRequest.get(a.args.requestHash!)!;
      assert.equal(a.args.response, expected.get(taskId), `task ${taskId}`);
    }
  });

  test('gas of the sampled path per claim, from receipts', async () => {
    const { samplingCoordinator } = deployment.addresses;
    const logs = await deployer.public.getContractEvents({ address: samplingCoordinator, abi: samplingCoordinatorAbi, fromBlock: 0n });
    const gasOf = async (eventName: string, taskId: bigint) => {
      const l = logs.find((x) => x.eventName === eventName && (x.args as { taskId?: bigint }).taskId === taskId);
      return l ? (await deployer.public.getTransactionReceipt({ hash: l.transactionHash! })).gasUsed : undefined;
    };
    const byStatus = async (status: string) => {
      for (const r of rows) {
        const s = await getSample(deployer, { samplingCoordinator, taskId: BigInt(r.taskId) });
        if (s.status === status) return BigInt(r.taskId);
      }
      return undefined;
    };
    const agreed = (await byStatus('cleared')) ?? (await byStatus('agreed'));
    const skipped = await byStatus('notSampled');
    const escalated = await byStatus('escalated');
    const line: string[] = [];
    if (agreed) line.push(`sampled and agreed (task ${agreed}): requestSample ${await gasOf('SampleRequested', agreed)}, draw ${await gasOf('VerifierDrawn', agreed)}, agree ${await gasOf('SampleAgreed', agreed)}, close ${await gasOf('SampleCleared', agreed)}`);
    if (skipped) line.push(`not sampled (task ${skipped}): requestSample ${await gasOf('SampleRequested', skipped)}, draw ${await gasOf('SampleSkipped', skipped)}`);
    if (escalated) line.push(`escalated (task ${escalated}): escalateDispute ${await gasOf('SampleEscalated', escalated)}`);
    process.stdout.write(`# sampled e2e gas: ${line.join('; ')}\n`);
    assert.ok(agreed && skipped);
    process.stdout.write(`# sampled e2e: whole file ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });
});
