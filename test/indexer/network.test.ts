// One real network on anvil, shared by the indexer, API and SDK tests: deployVouch, an honest
// worker, a worker that cheats on every task and a challenger (in-process nodes, the same code
// `vouch agent start` runs), 4 MNIST tasks submitted through the SDK. About 90 s: the honest
// results wait out the 60 s challenge window (the contract's minimum).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Hex, keccak256, parseEther, toBytes } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { buildOpenApiDocument } from '../../src/api/openapi.ts';
import { type ServeApiReturnType, serveApi } from '../../src/api/serveApi.ts';
import type { ChangedEvent, DisputeView, TaskView } from '../../src/api/types.ts';
import { stakeManagerAbi } from '../../src/chain/abis/StakeManager.ts';
import { tasksAbi } from '../../src/chain/abis/Tasks.ts';
import { vouchTokenAbi } from '../../src/chain/abis/VouchToken.ts';
import { approveToken } from '../../src/chain/actions/approveToken.ts';
import { type StartAnvilReturnType, startAnvil } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import { type DeployVouchReturnType, deployVouch } from '../../src/chain/deploy/deployVouch.ts';
import { fundAgents } from '../../src/chain/deploy/fundAgents.ts';
import { mnistSplit } from '../../src/data/mnist.ts';
import { type Indexer, createIndexer } from '../../src/indexer/createIndexer.ts';
import { openIndexDb } from '../../src/indexer/openIndexDb.ts';
import { syncIndex } from '../../src/indexer/syncIndex.ts';
import { getAgentView, listAgents } from '../../src/indexer/views/agents.ts';
import { listDisputes } from '../../src/indexer/views/disputes.ts';
import { listFlows } from '../../src/indexer/views/flows.ts';
import { getStats } from '../../src/indexer/views/stats.ts';
import { listTasks } from '../../src/indexer/views/tasks.ts';
import { loadServedModel } from '../../src/node/execution/loadServedModel.ts';
import { type RunningNode, startNode } from '../../src/node/startNode.ts';
import { quantizeInput } from '../../src/runtime/boundary.ts';
import { createVouchSdk } from '../../src/sdk/createVouchSdk.ts';

const MODEL = new URL('../../models/mnist-cnn.vouch', import.meta.url).pathname;
const FEE = parseEther('1');
const MIN_STAKE = parseEther('100');
const key = (name: string) => keccak256(toBytes(`vouch network view ${name}`));

describe('network view on a live network: 1 honest worker, 1 cheater, 1 challenger, 4 tasks', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-view-'));
  const served = loadServedModel(MODEL);
  const keys = { worker: key('worker'), cheater: key('cheater'), challenger: key('challenger'), requester: key('requester') };
  const addr = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, privateKeyToAccount(v).address])) as Record<keyof typeof keys, Hex>;
  let anvil: StartAnvilReturnType;
  let deployer: VouchClients;
  let deployment: DeployVouchReturnType;
  let indexer: Indexer;
  let api: ServeApiReturnType;
  const nodes: RunningNode[] = [];
  const changes: ChangedEvent[] = [];
  const sseAbort = new AbortController();
  let submitted: { taskId: string; worker: 'worker' | 'cheater'; label: number }[] = [];
  let settled: TaskView[] = [];
  let sdk: ReturnType<typeof createVouchSdk>;

  before(async () => {
    anvil = await startAnvil({ blockTime: 1 });
    deployer = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey });
    deployment = await deployVouch(deployer, { dataDir: join(dir, 'chain'), params: { challengeWindow: 60n, disputeMoveClock: 30n, minStake: MIN_STAKE } });
    await fundAgents(deployer, { token: deployment.addresses.vouchToken, agents: Object.values(addr), amount: parseEther('10000'), ethAmount: parseEther('10') });

    const inputShape = [...served.model.values[served.model.inputs[0].value].shape];
    indexer = createIndexer({ client: deployer.public, deployment, dbPath: join(dir, 'index.db'), pollMs: 250, models: { [served.modelId]: { name: served.name, inputShape } } });
    indexer.start();
    api = await serveApi({ indexer });
    sdk = createVouchSdk({ apiUrl: api.url });
    void (async () => {
      for await (const e of sdk.events(sseAbort.signal)) changes.push(e);
    })().catch(() => {});

    const common = { rpcUrl: anvil.rpcUrl, deploymentDir: join(dir, 'chain'), models: [MODEL], pollMs: 300 };
    nodes.push(
      ...(await Promise.all([
        startNode({ ...common, roles: ['worker'], privateKey: keys.worker, dataDir: join(dir, 'worker'), name: 'honest-worker' }),
        startNode({ ...common, roles: ['worker'], privateKey: keys.cheater, dataDir: join(dir, 'cheater'), name: 'cheating-worker', cheatRate: 1 }),
        startNode({ ...common, roles: ['challenger'], privateKey: keys.challenger, dataDir: join(dir, 'challenger'), name: 'challenger' }),
      ])),
    );
    const [honestUrl, cheaterUrl] = [nodes[0].url, nodes[1].url];

    const requester = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: keys.requester });
    await approveToken(requester, { token: deployment.addresses.vouchToken, spender: deployment.addresses.tasks, amount: 4n * FEE });
    const digits = mnistSplit('test').slice(0, 4);
    submitted = await Promise.all(
      digits.map(async (d, i) => {
        const worker = i % 2 === 0 ? 'worker' : 'cheater';
        const r = await sdk.submitTask({
          rpcUrl: anvil.rpcUrl,
          privateKey: keys.requester,
          deployment,
          model: served,
          input: quantizeInput(served.model, 0, d.image),
          workerUrl: worker === 'worker' ? honestUrl : cheaterUrl,
          fee: FEE,
          approve: false,
        });
        indexer.annotateTask(r.taskId, { label: r.label });
        return { taskId: r.taskId, worker, label: r.label } as const;
      }),
    );
    settled = await Promise.all(submitted.map((s) => sdk.waitForTask(s.taskId, { until: 'settled', timeoutMs: 180_000 })));
    // Everything after the last settlement (withdrawals, validation posts) is indexed too.
    await indexer.catchUp();
  });

  after(async () => {
    sseAbort.abort();
    await Promise.all(nodes.map((n) => n.stop()));
    await api?.close();
    await indexer?.stop();
    await anvil?.stop();
  });

  async function chainAccount(address: Hex) {
    const read = deployer.public.readContract;
    const { addresses } = deployment;
    const [balance, bonded, locked, stakeCredits, taskCredits] = await Promise.all([
      read({ address: addresses.vouchToken, abi: vouchTokenAbi, functionName: 'balanceOf', args: [address] }),
      read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'bondedOf', args: [address] }) as Promise<bigint>,
      read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'lockedOf', args: [address] }) as Promise<bigint>,
      read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'creditsOf', args: [address] }) as Promise<bigint>,
      read({ address: addresses.tasks, abi: tasksAbi, functionName: 'creditsOf', args: [address] }),
    ]);
    return { balance, bonded, locked, credits: stakeCredits + taskCredits };
  }

  describe('indexer', () => {
    test('the honest worker\'s tasks are final, the cheater\'s rejected', () => {
      for (const [i, s] of submitted.entries()) assert.equal(settled[i].status, s.worker === 'worker' ? 'final' : 'rejected', `task ${s.taskId}`);
      const { tasks } = listTasks(indexer.db);
      assert.equal(tasks.length, 4);
      for (const t of tasks) {
        assert.ok(t.claim, `task ${t.taskId} has its claim`);
        assert.equal(t.claim.label, submitted.find((s) => s.taskId === t.taskId)!.label, 'the label the requester recorded');
        assert.equal(t.input?.length, 2 + 2 * 784, 'the published MNIST input');
        assert.deepEqual(t.inputShape, [...served.model.values[served.model.inputs[0].value].shape]);
      }
    });

    test('agents\' stake, credits and balances equal the contracts\' (accounting replayed from events)', async () => {
      const agents = listAgents(indexer.db);
      assert.equal(agents.length, 3);
      for (const a of agents) {
        const c = await chainAccount(a.address);
        assert.equal(a.balance, c.balance.toString(), `balance of ${a.name}`);
        assert.equal(BigInt(a.stake.free) + BigInt(a.stake.locked), c.bonded, `bonded of ${a.name}`);
        assert.equal(a.stake.locked, c.locked.toString(), `locked of ${a.name}`);
        assert.equal(a.credits, c.credits.toString(), `credits of ${a.name}`);
      }
      const byAddress = new Map(agents.map((a) => [a.address, a]));
      const cheater = byAddress.get(addr.cheater)!;
      assert.equal(cheater.slashed, (2n * MIN_STAKE).toString());
      assert.deepEqual(cheater.reputation, { validations: cheater.reputation.validations, average: cheater.reputation.average, final: 0, rejected: 2 });
      const challenger = byAddress.get(addr.challenger)!;
      assert.equal(challenger.earned, ((2n * MIN_STAKE * 9n) / 10n).toString(), 'the challenger wins 90% of each slash');
      assert.deepEqual(challenger.roles, ['challenger']);
      const honest = byAddress.get(addr.worker)!;
      assert.equal(honest.slashed, '0');
      assert.equal(honest.earned, ((2n * FEE * 99n) / 100n).toString(), 'fee minus the 1% protocol fee, twice');
      assert.equal(honest.reputation.final, 2);
      assert.ok(honest.roles.includes('worker'));
      // Every validation here is Tasks' (tag vouch:optimistic): 100 for the honest worker's claims, 0 for the cheater's.
      for (const a of [honest, cheater]) {
        assert.deepEqual(a.validationsByMode.optimistic, { validations: a.reputation.validations, average: a.reputation.average });
        assert.deepEqual([a.validationsByMode.quorum.validations, a.validationsByMode.sampled.validations, a.feedback.count], [0, 0, 0]);
      }
      if (honest.reputation.validations) assert.equal(honest.validationsByMode.optimistic.average, 100);
      if (cheater.reputation.validations) assert.equal(cheater.validationsByMode.optimistic.average, 0);
    });

    test('registration files give names', async () => {
      for (let i = 0; i < 20 && listAgents(indexer.db).some((a) => !a.name); i++) {
        await indexer.syncOnce();
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.deepEqual(listAgents(indexer.db).map((a) => a.name).sort(), ['challenger', 'cheating-worker', 'honest-worker']);
    });

    test('a restart resumes from the cursor; a fresh index from the deployment block gives the same views', async () => {
      const cursor = indexer.block();
      const again = openIndexDb(join(dir, 'index.db'));
      const resumed = await syncIndex(again, { client: deployer.public, deployment });
      assert.ok(resumed.block >= cursor);
      again.close();
      const inputShape = [...served.model.values[served.model.inputs[0].value].shape];
      const fresh = createIndexer({ client: deployer.public, deployment, dbPath: join(dir, 'fresh.db'), registrations: false, models: { [served.modelId]: { name: served.name, inputShape } } });
      for (const s of submitted) fresh.annotateTask(s.taskId, { label: s.label });
      const head = await fresh.catchUp();
      await indexer.catchUp();
      if (indexer.block() === head) {
        assert.deepEqual(listTasks(fresh.db), listTasks(indexer.db));
        assert.deepEqual(listDisputes(fresh.db), listDisputes(indexer.db));
        assert.deepEqual(listFlows(fresh.db, { limit: 1000 }), listFlows(indexer.db, { limit: 1000 }));
      }
      await fresh.stop();
    });
  });

  describe('API', () => {
    const getJson = async <T>(path: string) => {
      const res = await fetch(`${api.url}${path}`);
      assert.equal(res.status, 200, path);
      return (await res.json()) as T;
    };

    test('GET /api/tasks?status=: 2 final, 2 rejected; GET /api/tasks/:id', async () => {
      const final = await getJson<{ tasks: TaskView[] }>('/api/tasks?status=final');
      const rejected = await getJson<{ tasks: TaskView[] }>('/api/tasks?status=rejected');
      const want = (w: string) => submitted.filter((s) => s.worker === w).map((s) => s.taskId).sort();
      assert.deepEqual(final.tasks.map((t) => t.taskId).sort(), want('worker'));
      assert.deepEqual(rejected.tasks.map((t) => t.taskId).sort(), want('cheater'));
      for (const t of final.tasks) {
        assert.equal(t.claim?.worker, addr.worker);
        assert.ok(t.claim!.windowEnd >= t.claim!.claimedAt + 60);
        assert.ok(t.settledAt! >= t.claim!.windowEnd);
        assert.equal(t.validation?.response, 100);
      }
      for (const t of rejected.tasks) {
        assert.ok(t.gameId);
        assert.equal(t.validation?.response, 0);
      }
      const page = await getJson<{ tasks: TaskView[]; next?: string }>('/api/tasks?limit=3');
      assert.equal(page.tasks.length, 3);
      const rest = await getJson<{ tasks: TaskView[]; next?: string }>(`/api/tasks?limit=3&before=${page.next}`);
      assert.equal(rest.tasks.length, 1);
      assert.equal(rest.next, undefined);
    });

    test('GET /api/disputes/:id: every move of the bisection down to the step, with gas', async () => {
      const { disputes } = await getJson<{ disputes: DisputeView[] }>('/api/disputes');
      assert.equal(disputes.length, 2);
      for (const d0 of disputes) {
        const d = await getJson<DisputeView>(`/api/disputes/${d0.gameId}`);
        assert.equal(d.status, 'challenger-won');
        assert.equal(d.resolution, 'step');
        assert.equal(d.worker, addr.cheater);
        assert.equal(d.challenger, addr.challenger);
        assert.equal(d.slashed, MIN_STAKE.toString());
        assert.equal(d.traceLength, served.model.inputs.length + served.model.ops.length);
        const kinds = d.moves.map((m) => m.kind);
        assert.equal(kinds[0], 'GameOpened');
        assert.deepEqual(kinds.slice(-4), ['LeafRevealed', 'ElementPicked', 'Stepped', 'GameResolved']);
        const trace = d.moves.filter((m) => m.kind === 'Bisected' && m.phase === 'trace');
        const traceDepth = Math.ceil(Math.log2(d.traceLength!));
        assert.equal(trace.length, 2 * traceDepth, 'worker and challenger at each trace depth');
        assert.deepEqual(trace.map((m) => m.depth), trace.map((_, i) => Math.floor(i / 2)));
        assert.deepEqual(trace.map((m) => m.party), trace.map((_, i) => (i % 2 === 0 ? 'worker' : 'challenger')));
        assert.equal(d.moves.filter((m) => m.kind === 'TensorRootRevealed').length, 2);
        // The tensor bisection has 2 x tensorDepth moves (none when the disputed tensor fits one leaf, as MNIST's 10 logits do).
        const header = kinds.lastIndexOf('TensorRootRevealed');
        const tensor = d.moves.slice(header + 1).filter((m) => m.kind === 'Bisected');
        assert.ok(tensor.every((m) => m.phase === 'tensor') && tensor.length % 2 === 0);
        assert.deepEqual(tensor.map((m) => m.depth), tensor.map((_, i) => Math.floor(i / 2)));
        const picked = d.moves.find((m) => m.kind === 'ElementPicked')!;
        const stepped = d.moves.find((m) => m.kind === 'Stepped')!;
        assert.notEqual(picked.workerValue, picked.challengerValue);
        assert.equal(stepped.correctValue, picked.challengerValue, 'the verifier sided with the challenger');
        assert.equal(stepped.traceIndex, d.traceIndex);
        for (const m of d.moves.filter((x) => x.kind !== 'ElementPicked' && x.kind !== 'GameResolved')) assert.ok(Number(m.gasUsed) > 21_000, `${m.kind} gas`);
      }
    });

    test('GET /api/agents, /api/agents/:id, /api/models, /api/stats', async () => {
      const { agents } = await getJson<{ agents: { agentId: string }[] }>('/api/agents');
      assert.equal(agents.length, 3);
      assert.deepEqual(await getJson(`/api/agents/${agents[0].agentId}`), getAgentView(indexer.db, Number(agents[0].agentId)));
      const { models } = await getJson<{ models: { modelId: string; tasks: number; name?: string }[] }>('/api/models');
      assert.deepEqual(models.map((m) => [m.modelId, m.tasks, m.name]), [[served.modelId, 4, served.name]]);
      const stats = await getJson<ReturnType<typeof getStats>>('/api/stats');
      assert.equal(stats.chainId, anvil.chainId);
      assert.equal(stats.tasks.final, 2);
      assert.equal(stats.tasks.rejected, 2);
      assert.deepEqual(stats.disputes, { open: 0, workerWon: 0, challengerWon: 2 });
      for (const fn of ['createTask', 'claim', 'finalize', 'open', 'bisect', 'revealTensorRoot', 'revealLeaf', 'pickElement', 'step']) assert.ok(stats.gas[fn]?.count > 0, `gas of ${fn}`);
      assert.equal(stats.series.reduce((s, b) => s + b.final + b.rejected, 0), 4);
    });

    test('GET /api/flows: every token of every task and slash is accounted for', async () => {
      const { flows, totals } = await getJson<ReturnType<typeof listFlows>>('/api/flows?limit=1000');
      for (const s of submitted) {
        const of = (kind: string) => flows.filter((f) => f.taskId === s.taskId && f.kind === kind).reduce((x, f) => x + BigInt(f.amount), 0n);
        assert.equal(of('fee-paid'), FEE);
        if (s.worker === 'worker') assert.equal(of('worker-paid') + of('protocol-fee'), FEE, `task ${s.taskId}`);
        else {
          assert.equal(of('refund'), FEE, `task ${s.taskId} refunded`);
          assert.equal(of('reward') + of('slash'), MIN_STAKE, `task ${s.taskId}: the slash is split between the challenger and the treasury`);
        }
      }
      assert.equal(BigInt(totals['fee-paid']!), 4n * FEE);
      assert.equal(BigInt(totals.reward!) + BigInt(totals.slash!), 2n * MIN_STAKE);
      // Token conservation: every indexed balance, plus stake and credits held by the contracts, is the fixed supply.
      const supply = (await deployer.public.readContract({ address: deployment.addresses.vouchToken, abi: vouchTokenAbi, functionName: 'totalSupply' })) as bigint;
      const balances = indexer.db.db.prepare('SELECT balance FROM accounts').all() as { balance: string }[];
      assert.equal(balances.reduce((s, r) => s + BigInt(r.balance), 0n), supply);
    });

    test('GET /api/events pushed "changed" with increasing blocks while the network ran', () => {
      assert.ok(changes.length >= 3, `${changes.length} messages`);
      for (let i = 1; i < changes.length; i++) assert.ok(changes[i].block >= changes[i - 1].block || changes[i].reorgedTo !== undefined);
    });

    test('every route the app serves answered, and is described in /openapi.json', async () => {
      const doc = await getJson<ReturnType<typeof buildOpenApiDocument>>('/openapi.json');
      assert.equal(doc.openapi, '3.1.0');
    });
  });

  describe('SDK', () => {
    test('reads match the API; waitForTask returns at once for a settled task; unknown ids are VouchApiError 404', async () => {
      const stats = await sdk.getStats();
      assert.equal(stats.tasks.final, 2);
      const t = await sdk.waitForTask(submitted[0].taskId, { until: 'settled', timeoutMs: 1000 });
      assert.equal(t.status, 'final');
      assert.equal((await sdk.listDisputes()).length, 2);
      const d = await sdk.getDispute((await sdk.listDisputes())[0].gameId);
      assert.equal(d.status, 'challenger-won');
      assert.equal((await sdk.listAgents()).length, 3);
      await assert.rejects(sdk.getTask('123456'), (err: { name: string; status: number; code: string }) => err.name === 'VouchApiError' && err.status === 404 && err.code === 'not_found');
    });
  });
});
