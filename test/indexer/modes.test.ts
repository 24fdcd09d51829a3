// The indexer on anvil for the quorum and sampled modes and ERC-8004, driven with the chain
// actions (no agent processes): a 3-seat quorum task finalized 2 to 1 (the outvoted seat
// slashed, two seats' validations answered by QuorumTasks), one refunded for want of a
// committee; two Tasks claims sampled at p = 1 (the verifier agrees on one, misses the other
// and is slashed), the worker's vouch:optimistic and vouch:sampled validations and a
// requester's feedback. Then a reorg under the quorum settlement: the index rolls back and
// replays the new tables, and follows the settlement again. About 15 s.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Hex, bytesToHex, keccak256, parseEther, toBytes, zeroHash } from 'viem';
import { validationRegistryAbi } from '../../src/chain/abis/ValidationRegistry.ts';
import { answerSample } from '../../src/chain/actions/answerSample.ts';
import { approveToken } from '../../src/chain/actions/approveToken.ts';
import { bondStake } from '../../src/chain/actions/bondStake.ts';
import { claimTask } from '../../src/chain/actions/claimTask.ts';
import { closeSample } from '../../src/chain/actions/closeSample.ts';
import { commitQuorumResult } from '../../src/chain/actions/commitQuorumResult.ts';
import { createQuorumTask } from '../../src/chain/actions/createQuorumTask.ts';
import { createTask } from '../../src/chain/actions/createTask.ts';
import { drawCommittee } from '../../src/chain/actions/drawCommittee.ts';
import { drawSample } from '../../src/chain/actions/drawSample.ts';
import { expireSample } from '../../src/chain/actions/expireSample.ts';
import { finalizeTask } from '../../src/chain/actions/finalizeTask.ts';
import { giveFeedback } from '../../src/chain/actions/giveFeedback.ts';
import { joinQuorumPool } from '../../src/chain/actions/joinQuorumPool.ts';
import { joinSamplingPool } from '../../src/chain/actions/joinSamplingPool.ts';
import { linkQuorumValidation } from '../../src/chain/actions/linkQuorumValidation.ts';
import { registerAgent } from '../../src/chain/actions/registerAgent.ts';
import { registerCanonicalisation } from '../../src/chain/actions/registerCanonicalisation.ts';
import { registerFloatModel } from '../../src/chain/actions/registerFloatModel.ts';
import { registerModel } from '../../src/chain/actions/registerModel.ts';
import { requestSample } from '../../src/chain/actions/requestSample.ts';
import { requestTaskValidation } from '../../src/chain/actions/requestTaskValidation.ts';
import { revealQuorumResult } from '../../src/chain/actions/revealQuorumResult.ts';
import { settleQuorumTask } from '../../src/chain/actions/settleQuorumTask.ts';
import { type StartAnvilReturnType, startAnvil } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import { type DeployVouchReturnType, deployVouch } from '../../src/chain/deploy/deployVouch.ts';
import { fundAgents } from '../../src/chain/deploy/fundAgents.ts';
import { writeContract } from '../../src/chain/transactions/writeContract.ts';
import { floatModelId } from '../../src/commit/floatModelId.ts';
import { tensorHash } from '../../src/commit/tensorHash.ts';
import { type IndexDb, openIndexDb } from '../../src/indexer/openIndexDb.ts';
import { syncIndex } from '../../src/indexer/syncIndex.ts';
import { getAgentView } from '../../src/indexer/views/agents.ts';
import { listFlows } from '../../src/indexer/views/flows.ts';
import { listModels } from '../../src/indexer/views/models.ts';
import { getQuorumTaskView, listQuorumTasks } from '../../src/indexer/views/quorum.ts';
import { getSampleView, listSamples } from '../../src/indexer/views/samples.ts';
import { getStats } from '../../src/indexer/views/stats.ts';
import { getTaskView } from '../../src/indexer/views/tasks.ts';
import { listFeedback, listValidations } from '../../src/indexer/views/validations.ts';
import { loadServedModel } from '../../src/node/execution/loadServedModel.ts';
import { int8Tensor } from '../../src/runtime/tensor.ts';
import { garbageTraceHashes, paddedClaim } from '../node/dispute/harness.ts';
import { tinyInput, writeTinyModel } from '../node/dispute/tinyModel.ts';

const MEMBER_STAKE = parseEther('20');
const BOND = parseEther('10');

describe('indexer on anvil: quorum tasks, samples, ERC-8004 validations and feedback, a reorg', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-index-modes-'));
  let anvil: StartAnvilReturnType;
  let requester: VouchClients;
  let deployment: DeployVouchReturnType;
  let index: IndexDb;
  let members: VouchClients[];
  let worker: VouchClients;
  let verifier: VouchClients;
  const agentIds = new Map<string, bigint>();
  let quorumTaskId: bigint;
  let committee: readonly Hex[];
  let settleSnapshot: Hex;
  const H = keccak256(toBytes('label 7'));
  // Not a real ONNX file: the registry hashes any bytes as the file, and the index only reads the event.
  const FLOAT_FILE = toBytes('a float onnx file');
  let floatModel: { modelId: Hex };
  const OTHER = keccak256(toBytes('label 1'));
  const salt = (seat: number) => keccak256(toBytes(`salt ${seat}`));

  const mine = (blocks = 1) => requester.public.request({ method: 'anvil_mine', params: [`0x${blocks.toString(16)}`] } as never);
  const passTime = async (seconds: number) => {
    await requester.public.request({ method: 'evm_increaseTime', params: [seconds] } as never);
    await mine();
  };
  const sync = async () => {
    let r;
    do r = await syncIndex(index, { client: requester.public, deployment });
    while (r.blocks > 0);
    return r;
  };
  const by = (address: Hex) => [...members, worker, verifier].find((c) => c.wallet.account.address === address)!;

  before(async () => {
    anvil = await startAnvil({});
    requester = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey, pollingInterval: 20 });
    deployment = await deployVouch(requester, {
      dataDir: join(dir, 'chain'),
      params: { challengeWindow: 60n, disputeMoveClock: 30n, minStake: parseEther('100') },
      quorumParams: { memberStake: MEMBER_STAKE },
      samplingParams: { samplingBps: 10_000, answerWindow: 30, drawDelay: 1, verifierBond: BOND },
    });
    const { addresses } = deployment;
    const agents = [1, 2, 3, 4, 5].map((i) => createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[i].privateKey, pollingInterval: 20 }));
    members = agents.slice(0, 3);
    [worker, verifier] = agents.slice(3);
    await fundAgents(requester, { token: addresses.vouchToken, agents: agents.map((a) => a.wallet.account.address), amount: parseEther('10000') });
    for (const [i, a] of agents.entries()) {
      await approveToken(a, { token: addresses.vouchToken, spender: addresses.stakeManager, amount: parseEther('1000') });
      await bondStake(a, { stakeManager: addresses.stakeManager, amount: parseEther('1000') });
      const { agentId } = await registerAgent(a, { identityRegistry: addresses.identityRegistry, agentURI: `data:application/json,{"name":"agent-${i}"}` });
      agentIds.set(a.wallet.account.address, agentId);
    }
    for (const m of members) await joinQuorumPool(m, { quorumTasks: addresses.quorumTasks, reserve: parseEther('100') });
    await joinSamplingPool(verifier, { samplingCoordinator: addresses.samplingCoordinator, reserve: parseEther('50') });
    index = openIndexDb(join(dir, 'index.db'));

    // ---- sampled: two Tasks claims (a tiny model's input, a claimed trace that is never checked here)
    const model = loadServedModel(writeTinyModel(dir));
    await registerModel(requester, { modelRegistry: addresses.modelRegistry, modelId: model.modelId, ...model.registration });
    await approveToken(requester, { token: addresses.vouchToken, spender: addresses.tasks, amount: parseEther('2') });
    const taskIds: bigint[] = [];
    for (const seed of [1, 2]) {
      const input = tinyInput(seed);
      const shape = model.model.values[model.model.inputs[0].value].shape;
      const now = (await requester.public.getBlock()).timestamp;
      const { taskId } = await createTask(requester, {
        tasks: addresses.tasks, modelId: model.modelId, inputHashes: [bytesToHex(tensorHash(int8Tensor(shape, input)))], fee: parseEther('1'),
        claimDeadline: now + 3600n, inputData: bytesToHex(new Uint8Array(input.buffer, input.byteOffset, input.byteLength)),
      });
      const { proof } = paddedClaim(garbageTraceHashes(model, input, `claim ${seed}`), zeroHash);
      await claimTask(worker, { tasks: addresses.tasks, taskId, proof });
      taskIds.push(taskId);
    }
    const workerAgent = agentIds.get(worker.wallet.account.address)!;
    await requestTaskValidation(worker, { tasks: addresses.tasks, validationRegistry: addresses.validationRegistry, taskId: taskIds[0], agentId: workerAgent, requestURI: `vouch:task:${taskIds[0]}` });
    for (const taskId of taskIds) await requestSample(worker, { samplingCoordinator: addresses.samplingCoordinator, taskId });
    await mine(2);
    for (const taskId of taskIds) assert.equal((await drawSample(worker, { samplingCoordinator: addresses.samplingCoordinator, taskId })).outcome, 'assigned');
    await answerSample(verifier, { samplingCoordinator: addresses.samplingCoordinator, taskId: taskIds[0], answer: 'agree' });
    // The worker asks its verifier for a vouch:sampled validation; the verifier answers 100.
    const sampledRequest = keccak256(toBytes(`sampled ${taskIds[0]}`));
    await writeContract(worker, { address: addresses.validationRegistry, abi: validationRegistryAbi, functionName: 'validationRequest', args: [verifier.wallet.account.address, workerAgent, `vouch:sampled:task:${taskIds[0]}`, sampledRequest] });
    await writeContract(verifier, { address: addresses.validationRegistry, abi: validationRegistryAbi, functionName: 'validationResponse', args: [sampledRequest, 100, '', zeroHash, 'vouch:sampled'] });
    await passTime(31);
    await expireSample(worker, { samplingCoordinator: addresses.samplingCoordinator, taskId: taskIds[1] });
    await passTime(31);
    for (const taskId of taskIds) await finalizeTask(worker, { tasks: addresses.tasks, taskId });
    await closeSample(worker, { samplingCoordinator: addresses.samplingCoordinator, taskId: taskIds[0] });
    await giveFeedback(requester, { reputationRegistry: addresses.reputationRegistry, agentId: workerAgent, value: 100, tag1: 'vouch:sampled', tag2: 'final', feedbackURI: `vouch:task:${taskIds[0]}` });

    // ---- a float ONNX file registered for sampled tasks (round:3)
    floatModel = await registerFloatModel(requester, { modelRegistry: addresses.modelRegistry, onnx: FLOAT_FILE, inputCount: 1, canonCode: 0x0303 });

    // ---- quorum: 3 seats, two reveal H, one reveals another result
    const { quorumTasks } = addresses;
    const { canonId } = await registerCanonicalisation(requester, { quorumTasks, modelId: keccak256(toBytes('an llm')), kind: 'top1' });
    await approveToken(requester, { token: addresses.vouchToken, spender: quorumTasks, amount: parseEther('10') });
    const created = await createQuorumTask(requester, { quorumTasks, canonId, inputHashes: [keccak256(toBytes('prompt'))], fee: parseEther('9'), size: 3, inputData: '0x01' });
    quorumTaskId = created.taskId;
    await mine(2);
    const drawn = await drawCommittee(requester, { quorumTasks, taskId: quorumTaskId });
    committee = drawn.members;
    const answer = (seat: number) => (seat === 2 ? OTHER : H);
    for (const seat of [0, 2]) {
      await linkQuorumValidation(by(committee[seat]), { quorumTasks, validationRegistry: addresses.validationRegistry, taskId: quorumTaskId, seat, agentId: agentIds.get(committee[seat])!, requestURI: `vouch:quorum:${quorumTaskId}?seat=${seat}` });
    }
    for (let seat = 0; seat < 3; seat++) await commitQuorumResult(by(committee[seat]), { quorumTasks, taskId: quorumTaskId, seat, resultHash: answer(seat), salt: salt(seat) });
    for (let seat = 0; seat < 3; seat++) await revealQuorumResult(by(committee[seat]), { quorumTasks, taskId: quorumTaskId, seat, resultHash: answer(seat), salt: salt(seat) });
    await sync();
    settleSnapshot = (await requester.public.request({ method: 'evm_snapshot' } as never)) as Hex;
    assert.equal((await settleQuorumTask(requester, { quorumTasks, taskId: quorumTaskId })).outcome, 'finalized');
    // No committee of 5 in a pool of 3: refunded at the draw.
    const unavailable = await createQuorumTask(requester, { quorumTasks, canonId, inputHashes: [keccak256(toBytes('prompt 2'))], fee: parseEther('1'), size: 5, inputData: '0x' });
    await mine(2);
    assert.equal((await drawCommittee(requester, { quorumTasks, taskId: unavailable.taskId })).outcome, 'unavailable');
    await sync();
  });

  after(async () => {
    index?.close();
    await anvil?.stop();
  });

  test('models: a float ONNX file is listed with its format, canonicalisation, size and two-leaf trace beside the int8 model', () => {
    const models = listModels(index);
    const float = models.find((m) => m.modelId === floatModel.modelId);
    assert.deepEqual(
      float && { format: float.format, ops: float.ops, inputs: float.inputs, traceLength: float.traceLength, canonicalisation: float.canonicalisation, size: float.size },
      { format: 'onnx-float', ops: 0, inputs: 1, traceLength: 2, canonicalisation: 'round:3', size: FLOAT_FILE.length },
    );
    assert.equal(float?.modelId, bytesToHex(floatModelId(FLOAT_FILE)), 'the id is floatModelId of the file');
    const int8 = models.filter((m) => m.modelId !== floatModel.modelId);
    assert.ok(int8.length > 0 && int8.every((m) => m.format === 'int8' && m.canonicalisation === undefined && m.traceLength === m.ops + m.inputs));
  });

  test('the quorum task: committee seats with their phase and outcome, the result, the outvoted seat slashed', () => {
    const q = getQuorumTaskView(index, Number(quorumTaskId))!;
    assert.deepEqual([q.status, q.size, q.committed, q.revealed, q.majority, q.result, q.canonicalisation], ['finalized', 3, 3, 3, 2, H, 'top1']);
    assert.deepEqual(q.committee.map((s) => s.member), [...committee]);
    assert.deepEqual(q.committee.map((s) => [s.phase, s.outcome, s.slashed]), [
      ['revealed', 'majority', undefined],
      ['revealed', 'majority', undefined],
      ['revealed', 'outvoted', MEMBER_STAKE.toString()],
    ]);
    assert.equal(q.slashed, MEMBER_STAKE.toString());
    assert.equal(q.input, '0x01');
    assert.deepEqual([q.committee[0].validation?.response, q.committee[1].validation, q.committee[2].validation?.response], [100, undefined, 0]);
    const refunded = listQuorumTasks(index, { status: 'refunded' }).tasks;
    assert.deepEqual(refunded.map((t) => [t.size, t.poolSize, t.committee.length]), [[5, 3, 0]]);
    assert.deepEqual(getStats(index).quorum, { drawing: 0, active: 0, finalized: 1, refunded: 1 });
    const flows = listFlows(index, { quorumTaskId: Number(quorumTaskId) }).flows;
    const sum = (...kinds: string[]) => flows.filter((f) => kinds.includes(f.kind)).reduce((s, f) => s + BigInt(f.amount), 0n);
    assert.equal(sum('fee-paid'), parseEther('9'));
    assert.deepEqual(flows.filter((f) => f.kind === 'quorum-share').map((f) => [f.to, f.amount]).sort(), [[committee[0], q.share], [committee[1], q.share]].sort());
    assert.equal(sum('reward', 'slash'), MEMBER_STAKE, 'the outvoted seat\'s stake, split between the pot and the treasury');
    assert.deepEqual(listFlows(index, { quorumTaskId: Number(refunded[0].taskId) }).flows.map((f) => f.kind).sort(), ['fee-paid', 'refund']);
  });

  test('agents: the majority earned its share, the outvoted member slashed; credits equal QuorumTasks\' and the StakeManager\'s', async () => {
    const q = getQuorumTaskView(index, Number(quorumTaskId))!;
    assert.ok(BigInt(q.share!) > parseEther('9') / 2n, 'fee plus the winner share of the slash, split by 2');
    const outvoted = getAgentView(index, Number(agentIds.get(committee[2])))!;
    assert.equal(outvoted.slashed, MEMBER_STAKE.toString());
    assert.deepEqual(outvoted.validationsByMode.quorum, { validations: 1, average: 0 });
    assert.ok(outvoted.roles.includes('member'));
    const winner = getAgentView(index, Number(agentIds.get(committee[0])))!;
    assert.equal(winner.earned, q.share);
    assert.deepEqual(winner.validationsByMode.quorum, { validations: 1, average: 100 });
    const { quorumTasks, stakeManager } = deployment.addresses;
    const { quorumTasksAbi } = await import('../../src/chain/abis/QuorumTasks.ts');
    const { stakeManagerAbi } = await import('../../src/chain/abis/StakeManager.ts');
    for (const address of committee) {
      const a = getAgentView(index, Number(agentIds.get(address)))!;
      const [quorumCredits, stakeCredits] = await Promise.all([
        requester.public.readContract({ address: quorumTasks, abi: quorumTasksAbi, functionName: 'creditsOf', args: [address] }) as Promise<bigint>,
        requester.public.readContract({ address: stakeManager, abi: stakeManagerAbi, functionName: 'creditsOf', args: [address] }) as Promise<bigint>,
      ]);
      assert.equal(a.credits, (quorumCredits + stakeCredits).toString(), `credits of seat ${committee.indexOf(address)}`);
    }
  });

  test('samples: the coin, the drawn verifier, agreed then cleared; missed and slashed; the task view carries its sample', () => {
    const [missed, cleared] = listSamples(index).samples;
    const v = verifier.wallet.account.address;
    assert.deepEqual([cleared.status, cleared.sampled, cleared.verifier, cleared.answer, cleared.taskStatus], ['cleared', true, v, 'agree', 'final']);
    assert.deepEqual([missed.status, missed.answer, missed.slashed, missed.taskStatus], ['missed', 'none', BOND.toString(), 'final']);
    assert.ok(cleared.deadline! > cleared.drawnAt!);
    assert.equal(getTaskView(index, Number(cleared.taskId))?.sample?.status, 'cleared');
    assert.equal(getSampleView(index, Number(missed.taskId))?.verifier, v);
    const bondFlows = listFlows(index, { taskId: Number(missed.taskId) }).flows.filter((f) => f.kind === 'reward' || f.kind === 'slash');
    assert.equal(bondFlows.reduce((s, f) => s + BigInt(f.amount), 0n), BOND, 'the missed bond, named by its task');
    assert.equal(bondFlows.find((f) => f.kind === 'reward')?.to, requester.wallet.account.address, 'to the requester');
    const va = getAgentView(index, Number(agentIds.get(v)))!;
    assert.equal(va.slashed, BOND.toString());
    assert.ok(va.roles.includes('verifier'));
  });

  test('the worker\'s validations by tag (vouch:optimistic from Tasks, vouch:sampled from its verifier) and the requester\'s feedback', () => {
    const workerAgent = Number(agentIds.get(worker.wallet.account.address));
    const validations = listValidations(index, workerAgent);
    assert.deepEqual(validations.map((x) => [x.mode, x.tag, x.response]).sort(), [['optimistic', 'vouch:optimistic', 100], ['sampled', 'vouch:sampled', 100]]);
    assert.equal(validations.find((x) => x.mode === 'optimistic')?.validator, deployment.addresses.tasks);
    const a = getAgentView(index, workerAgent)!;
    assert.deepEqual(a.validationsByMode, { optimistic: { validations: 1, average: 100 }, quorum: { validations: 0, average: null }, sampled: { validations: 1, average: 100 } });
    assert.deepEqual(a.feedback, { count: 1, average: 100 });
    assert.deepEqual(listFeedback(index, workerAgent).map((f) => [f.client, f.value, f.tag1, f.tag2, f.index]), [[requester.wallet.account.address, '100', 'vouch:sampled', 'final', 1]]);
  });

  test('a reorg under the settlement: the quorum task is active again, then follows the new chain\'s settlement', async () => {
    const before = getQuorumTaskView(index, Number(quorumTaskId))!;
    const head = Number(await requester.public.getBlockNumber({ cacheTime: 0 }));
    await requester.public.request({ method: 'evm_revert', params: [settleSnapshot] } as never);
    await mine(head - Number(await requester.public.getBlockNumber({ cacheTime: 0 })) + 1);
    const r = await syncIndex(index, { client: requester.public, deployment });
    assert.ok(r.reorgedTo !== undefined && r.reorgedTo < head, 'rolled back');
    await sync();
    const active = getQuorumTaskView(index, Number(quorumTaskId))!;
    assert.deepEqual([active.status, active.result, active.revealed], ['active', undefined, 3]);
    assert.ok(active.committee.every((s) => s.outcome === undefined && s.slashed === undefined));
    assert.equal(listQuorumTasks(index).tasks.length, 1, 'the refunded task is gone with its blocks');
    assert.equal(getAgentView(index, Number(agentIds.get(committee[2])))!.slashed, '0');
    assert.equal(listSamples(index).samples.length, 2, 'what came before the fork stays');

    await settleQuorumTask(requester, { quorumTasks: deployment.addresses.quorumTasks, taskId: quorumTaskId });
    await sync();
    const again = getQuorumTaskView(index, Number(quorumTaskId))!;
    assert.deepEqual(again.committee.map((s) => s.outcome), before.committee.map((s) => s.outcome));
    assert.equal(again.status, 'finalized');
  });
});
