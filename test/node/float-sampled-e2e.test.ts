import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bytesToHex, type Hex, parseEther } from 'viem';
import { modelRegistryAbi } from '../../src/chain/abis/ModelRegistry.ts';
import { quorumTasksAbi } from '../../src/chain/abis/QuorumTasks.ts';
import { samplingCoordinatorAbi } from '../../src/chain/abis/SamplingCoordinator.ts';
import { stakeManagerAbi } from '../../src/chain/abis/StakeManager.ts';
import { tasksAbi } from '../../src/chain/abis/Tasks.ts';
import { validationRegistryAbi } from '../../src/chain/abis/ValidationRegistry.ts';
import { approveToken } from '../../src/chain/actions/approveToken.ts';
import { createQuorumTask } from '../../src/chain/actions/createQuorumTask.ts';
import { getQuorumTask } from '../../src/chain/actions/getQuorumTask.ts';
import { getSample } from '../../src/chain/actions/getSample.ts';
import { getTask } from '../../src/chain/actions/getTask.ts';
import type { StartAnvilReturnType } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import type { DeployVouchReturnType } from '../../src/chain/deploy/deployVouch.ts';
import { writeContract } from '../../src/chain/transactions/writeContract.ts';
import { canonicalize } from '../../src/commit/canonical/canonicalize.ts';
import { floatModelId } from '../../src/commit/floatModelId.ts';
import { mnistSplit } from '../../src/data/mnist.ts';
import { decodeQuorumInputs } from '../../src/node/quorum/quorumInputs.ts';
import { canonIdOf } from '../../src/node/roles/quorumRequester.ts';
import { loadFloatModel } from '../../src/runtime/float/loadFloatModel.ts';
import { runFloat } from '../../src/runtime/float/runFloat.ts';
import { type AgentProcess, runVouch, startTestChain, testAgent } from './agentProcess.ts';

const MODEL = new URL('../../models/mnist-cnn.onnx', import.meta.url).pathname;
const MIN_STAKE = parseEther('100');

const agent = (name: string): AgentProcess => testAgent('float sampled e2e', name);
const run = (a: AgentProcess, args: string[], readyEvent?: string) => runVouch(a, args, { readyEvent });

type Row = { taskId: string; worker: string; state: string; sample: string; outputHash: Hex };

describe('sampled mode for a float model end to end on anvil: every claim sampled, a lying float worker escalated to a quorum (the verifier killed and restarted mid-escalation) and slashed to the verifier, an honest one agreed and final', { timeout: 360_000 }, () => {
  let anvil: StartAnvilReturnType;
  let deployer: VouchClients;
  let deployment: DeployVouchReturnType;
  const dir = mkdtempSync(join(tmpdir(), 'vouch-float-sampled-e2e-'));
  const worker = agent('worker');
  const cheater = agent('cheater');
  const verifier = agent('verifier');
  const members = [agent('member-1'), agent('member-2'), agent('member-3')];
  const requester = agent('requester');
  const everyone = [worker, cheater, verifier, ...members, requester];
  let rows: Row[] = [];
  let before_: { cheaterBonded: bigint; verifierCredits: bigint };
  const started = Date.now();

  const stakeRead = (functionName: 'bondedOf' | 'creditsOf', who: Hex) =>
    deployer.public.readContract({ address: deployment.addresses.stakeManager, abi: stakeManagerAbi, functionName, args: [who] });

  before(async () => {
    ({ anvil, deployer, deployment } = await startTestChain(
      dir,
      {
        // Windows long enough for the verifier's kill and restart inside its answer window.
        params: { challengeWindow: 120n, disputeMoveClock: 30n, minStake: MIN_STAKE },
        samplingParams: { samplingBps: 10_000, answerWindow: 100, drawDelay: 1, verifierBond: parseEther('10'), slashTreasuryBps: 1_000 },
        quorumParams: { commitWindow: 60, revealWindow: 60, drawDelay: 1, memberStake: parseEther('10'), slashTreasuryBps: 1_000 },
      },
      everyone.map((a) => a.address),
    ));
    const common = ['agent', 'start', '--rpc', anvil.rpcUrl, '--deployment-dir', join(dir, 'chain'), '--model', MODEL, '--json', '--poll-ms', '300'];
    const start = (a: AgentProcess, extra: string[], crashAt?: string) =>
      runVouch(a, [...common, '--key', a.key, '--data-dir', join(dir, a.name), ...extra], { readyEvent: 'started', crashAt });
    // The honest worker registers the float model (registerFloat, rule top1) before anyone needs it.
    await start(worker, ['--role', 'worker', '--canonical', 'top1', '--stake', '1000']);
    await Promise.all([
      start(cheater, ['--role', 'worker', '--cheat-rate', '1', '--stake', '1000']),
      // Verifies only what it is drawn for: its own coin never fires. Killed right after it created
      // its escalation quorum (before escalating with it) and restarted on its database: it must
      // escalate with that quorum, not pay for a second one.
      start(verifier, ['--role', 'challenger', '--sampling', '--verify-probability', '0', '--stake', '1000'], 'sampling.quorum-created'),
      ...members.map((m) => start(m, ['--role', 'quorum'])),
    ]);
    process.stdout.write(`# float sampled e2e: 6 agents started in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    before_ = { cheaterBonded: await stakeRead('bondedOf', cheater.address), verifierCredits: await stakeRead('creditsOf', verifier.address) };
    const url = (a: AgentProcess) => a.events.find((e) => e.event === 'started')!.url as string;
    const { samplingCoordinator } = deployment.addresses;
    // Once the honest claim is agreed and the lie's quorum escalation resolved, the honest claim's
    // challenge window (120 s) is jumped over instead of waited for.
    let done = false;
    const jump = async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, 1000));
        const s = await Promise.all([1n, 2n].map((taskId) => getSample(deployer, { samplingCoordinator, taskId }).catch(() => undefined)));
        // Tasks 1 and 2 are one honest claim and one lie, in either order (the requester creates both at once).
        const statuses = s.map((x) => x?.status);
        if (!statuses.includes('agreed') || !(statuses.includes('overturned') || statuses.includes('upheld'))) continue;
        await deployer.public.request({ method: 'evm_increaseTime', params: [121] } as never);
        await deployer.public.request({ method: 'evm_mine' } as never);
        return;
      }
    };
    const t0 = Date.now();
    await Promise.all([
      run(requester, ['task', 'submit', '--mode', 'sampled', '--rpc', anvil.rpcUrl, '--key', requester.key, '--deployment-dir', join(dir, 'chain'), '--model', MODEL, '--mnist', '2', '--worker', url(worker), '--worker', url(cheater), '--wait', '--json']).finally(() => (done = true)),
      jump(),
    ]);
    rows = requester.events as Row[];
    process.stdout.write(`# float sampled e2e: 2 float tasks settled in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  });

  after(async () => {
    for (const a of everyone) writeFileSync(join(dir, `${a.name}.jsonl`), a.events.map((e) => JSON.stringify(e)).join('\n'));
    for (const a of everyone) a.proc?.kill('SIGTERM');
    await anvil?.stop();
  });

  test('the float model is registered by its file (id = floatModelId, rule top1, trace length 2)', async () => {
    const model = await loadFloatModel(MODEL);
    const modelId = bytesToHex(floatModelId(model.bytes));
    const read = <T,>(functionName: string) => deployer.public.readContract({ address: deployment.addresses.modelRegistry, abi: modelRegistryAbi, functionName, args: [modelId] } as never) as Promise<T>;
    assert.equal(await read<boolean>('isFloat'), true);
    assert.equal(await read<number>('floatCanonOf'), 2 << 8);
    const [inputCount, traceLength] = await read<[bigint, bigint]>('traceGeometry');
    assert.deepEqual([inputCount, traceLength], [1n, 2n]);
  });

  test('the honest float claim (the canonical top1 hash of the real logits) is agreed by the verifier and final', async () => {
    assert.equal(rows.length, 2, JSON.stringify(requester.events));
    const model = await loadFloatModel(MODEL);
    const honest = rows.find((r) => r.worker === worker.events.find((e) => e.event === 'started')!.url)!;
    const [logits] = await runFloat(model, [{ dtype: 'float32', dims: [1, 1, 28, 28], data: mnistSplit('test')[0].image }]);
    assert.equal(honest.outputHash, bytesToHex(canonicalize({ kind: 'top1' }, { tensors: [logits] }).hash));
    assert.equal(honest.state, 'finalized');
    const s = await getSample(deployer, { samplingCoordinator: deployment.addresses.samplingCoordinator, taskId: BigInt(honest.taskId) });
    assert.ok(s.status === 'agreed' || s.status === 'cleared', s.status);
    assert.equal(s.verifier.toLowerCase(), verifier.address.toLowerCase());
  });

  test('the lie is escalated to a 3-seat quorum on the same model, rule and inputs; the quorum finalizes the true result; the claim is rejected and the cheater slashed to the verifier', async () => {
    const lie = rows.find((r) => r.worker === cheater.events.find((e) => e.event === 'started')!.url)!;
    assert.equal(lie.state, 'rejected');
    const taskId = BigInt(lie.taskId);
    const s = await getSample(deployer, { samplingCoordinator: deployment.addresses.samplingCoordinator, taskId });
    assert.equal(s.status, 'overturned');
    assert.equal(s.escalatedToQuorum, true);
    const q = await getQuorumTask(deployer, { quorumTasks: deployment.addresses.quorumTasks, taskId: s.escalation });
    assert.equal(q.state, 'finalized');
    assert.equal(q.requester.toLowerCase(), verifier.address.toLowerCase());
    assert.equal(q.seats.length, 3);
    // Killed after creating the quorum, restarted: it escalated with that quorum, the only one it created.
    assert.ok(verifier.events.some((e) => e.event === 'killed'), 'the verifier was killed at sampling.quorum-created');
    const created = await deployer.public.getContractEvents({ address: deployment.addresses.quorumTasks, abi: quorumTasksAbi, eventName: 'QuorumTaskCreated', args: { requester: verifier.address }, fromBlock: 0n });
    assert.deepEqual(created.map((l) => l.args.taskId), [s.escalation]);
    const model = await loadFloatModel(MODEL);
    const [logits] = await runFloat(model, [{ dtype: 'float32', dims: [1, 1, 28, 28], data: mnistSplit('test')[1].image }]);
    const truth = bytesToHex(canonicalize({ kind: 'top1' }, { tensors: [logits] }).hash);
    assert.equal(q.result, truth);
    assert.notEqual(lie.outputHash, truth);
    // The cheater's claim stake (minStake) is slashed; 90% credited to the verifier (slashTreasuryBps 10%).
    assert.equal(await stakeRead('bondedOf', cheater.address), before_.cheaterBonded - MIN_STAKE);
    assert.equal(await stakeRead('creditsOf', verifier.address), before_.verifierCredits + MIN_STAKE - MIN_STAKE / 10n);
    const resolved = await deployer.public.getContractEvents({ address: deployment.addresses.samplingCoordinator, abi: samplingCoordinatorAbi, eventName: 'QuorumEscalationResolved', fromBlock: 0n });
    assert.equal(resolved.length, 1);
    assert.equal(resolved[0].args.claimRejected, true);
    assert.equal((await getTask(deployer, { tasks: deployment.addresses.tasks, taskId })).state, 'rejected');
  });

  test('ERC-8004: Tasks posts both float outcomes under vouch:sampled (100 / 0: a float claim is never judged optimistically); the verifier answers each sampled claim (vouch:sampled 100 agreed, 0 escalated)', async () => {
    const { tasks, validationRegistry } = deployment.addresses;
    const byTasks = await deployer.public.getContractEvents({ address: validationRegistry, abi: validationRegistryAbi, eventName: 'ValidationResponse', args: { validatorAddress: tasks }, fromBlock: 0n });
    assert.deepEqual(byTasks.map((r) => [r.args.tag, r.args.response]).sort(), [['vouch:sampled', 0], ['vouch:sampled', 100]]);
    const byVerifier = await deployer.public.getContractEvents({ address: validationRegistry, abi: validationRegistryAbi, eventName: 'ValidationResponse', args: { validatorAddress: verifier.address }, fromBlock: 0n });
    assert.deepEqual(byVerifier.map((r) => [r.args.tag, r.args.response]).sort(), [['vouch:sampled', 0], ['vouch:sampled', 100]]);
  });

  test('gas from receipts: registerFloat, escalateQuorum, resolveQuorumEscalation', async () => {
    const { samplingCoordinator, modelRegistry } = deployment.addresses;
    const gasOf = async (hash?: Hex | null) => (hash ? (await deployer.public.getTransactionReceipt({ hash })).gasUsed : undefined);
    const [registered] = await deployer.public.getContractEvents({ address: modelRegistry, abi: modelRegistryAbi, eventName: 'FloatModelRegistered', fromBlock: 0n });
    const [escalated] = await deployer.public.getContractEvents({ address: samplingCoordinator, abi: samplingCoordinatorAbi, eventName: 'SampleEscalated', fromBlock: 0n });
    const [resolved] = await deployer.public.getContractEvents({ address: samplingCoordinator, abi: samplingCoordinatorAbi, eventName: 'QuorumEscalationResolved', fromBlock: 0n });
    const line = `registerFloat (${registered.args.size} bytes) ${await gasOf(registered.transactionHash)}, escalateQuorum ${await gasOf(escalated.transactionHash)}, resolveQuorumEscalation ${await gasOf(resolved.transactionHash)}`;
    process.stdout.write(`# float sampled e2e gas: ${line}\n`);
    process.stdout.write(`# float sampled e2e: whole file ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    assert.ok(registered && escalated && resolved);
    // Tasks did not finalize the frozen claim: exactly one finalization (the honest task).
    const finalized = await deployer.public.getContractEvents({ address: deployment.addresses.tasks, abi: tasksAbi, eventName: 'TaskFinalized', fromBlock: 0n });
    assert.equal(finalized.length, 1);
  });
  test('a verifier that escalates an honest float claim and goes silent cannot keep it frozen: the worker applies the quorum\'s verdict itself, the claim stands and finalizes, the bond goes to the worker', async () => {
    const { samplingCoordinator, quorumTasks, tasks, vouchToken } = deployment.addresses;
    // The verifier stops for good; the test escalates in its name (its key) and never resolves.
    const stopped = new Promise((r) => verifier.proc!.once('exit', r));
    verifier.proc!.kill('SIGTERM');
    await stopped;
    const before = requester.events.length;
    const url = worker.events.find((e) => e.event === 'started')!.url as string;
    await run(requester, ['task', 'submit', '--mode', 'sampled', '--rpc', anvil.rpcUrl, '--key', requester.key, '--deployment-dir', join(dir, 'chain'), '--model', MODEL, '--mnist', '1', '--worker', url, '--json']);
    const row = requester.events.slice(before).find((e) => 'taskId' in e) as Row;
    const taskId = BigInt(row.taskId);
    assert.equal(row.sample, 'assigned');
    const v = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: verifier.key });
    const [inputs] = await deployer.public.getContractEvents({ address: tasks, abi: tasksAbi, eventName: 'TaskInputs', args: { taskId }, fromBlock: 0n });
    const model = await loadFloatModel(MODEL);
    const canonId = canonIdOf(bytesToHex(floatModelId(model.bytes)), { kind: 'top1' });
    await approveToken(v, { token: vouchToken, spender: quorumTasks, amount: parseEther('1') });
    const quorum = await createQuorumTask(v, { quorumTasks, canonId, inputHashes: decodeQuorumInputs(inputs.args.data!).inputHashes, fee: parseEther('1'), size: 3, inputData: inputs.args.data! });
    await writeContract(v, { address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'escalateQuorum', args: [taskId, quorum.taskId] });
    assert.equal((await getTask(deployer, { tasks, taskId })).state, 'disputed', 'the escalation froze the claim');
    const creditsBefore = await stakeRead('creditsOf', worker.address);
    // The members draw, commit, reveal and settle the quorum on their own.
    for (let i = 0; (await getQuorumTask(deployer, { quorumTasks, taskId: quorum.taskId })).state !== 'finalized'; i++) {
      assert.ok(i < 180, 'the escalation quorum did not settle');
      await new Promise((r) => setTimeout(r, 500));
    }
    // Past the claim's window, the worker's loop finds its frozen claim and resolves it.
    await deployer.public.request({ method: 'evm_increaseTime', params: [121] } as never);
    await deployer.public.request({ method: 'evm_mine' } as never);
    // The worker logs the resolution once its transaction is confirmed: nobody else is left to send it.
    for (let i = 0; !worker.events.some((e) => e.event === 'escalation-resolved' && String(e.taskId) === String(taskId)); i++) {
      assert.ok(i < 120, 'the worker did not resolve its frozen claim');
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal((await getSample(deployer, { samplingCoordinator, taskId })).status, 'upheld');
    const bond = parseEther('10');
    assert.equal((await stakeRead('creditsOf', worker.address)) - creditsBefore, bond - bond / 10n, 'the false escalation\'s bond, less the treasury\'s 10%');
    // The claim stands with a fresh window, then finalizes.
    await deployer.public.request({ method: 'evm_increaseTime', params: [121] } as never);
    await deployer.public.request({ method: 'evm_mine' } as never);
    for (let i = 0; (await getTask(deployer, { tasks, taskId })).state !== 'finalized'; i++) {
      assert.ok(i < 120, 'the upheld claim did not finalize');
      await new Promise((r) => setTimeout(r, 500));
    }
  });
});
