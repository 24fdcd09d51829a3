import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Hex, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { startAnvil } from '../chain/anvil/startAnvil.ts';
import { protocolParamsAbi } from '../chain/abis/ProtocolParams.ts';
import { approveToken } from '../chain/actions/approveToken.ts';
import { bondStake } from '../chain/actions/bondStake.ts';
import { createVouchClients } from '../chain/clients/createVouchClients.ts';
import { deployVouch, type DeployVouchReturnType } from '../chain/deploy/deployVouch.ts';
import { fundAgents } from '../chain/deploy/fundAgents.ts';
import type { StatsView } from '../api/types.ts';
import { DeploymentStaleError } from '../chain/errors.ts';
import { loadServedModel } from '../node/execution/loadServedModel.ts';
import { loadFloatModel } from '../runtime/float/loadFloatModel.ts';
import type { FloatModel } from '../runtime/float/types.ts';
import { freePort } from './freePort.ts';
import { checkNetworkConfig, type NetworkConfig, NetworkConfigError, parseWorkloadMix } from './networkConfig.ts';
import { type AgentKind, type AgentRecord, KEPT_LABELS, loadNetworkRecord, networkRecordPath, saveNetworkRecord } from './networkRecord.ts';
import { type NetworkServer, serveNetwork } from './serveNetwork.ts';
import { type AgentEvent, type SpawnedAgent, spawnAgent } from './spawnAgent.ts';
import { runWorkload, type Workload, type WorkloadEvent } from './runWorkload.ts';

export type NetworkEvent =
  | { kind: 'chain'; rpcUrl: string; chainId: number; embedded: boolean; statePath?: string }
  | { kind: 'deployed'; reused: boolean; tasks: Hex }
  | { kind: 'funded'; agents: string[] }
  | { kind: 'agent-started'; name: string; agentKind: AgentKind; url: string; agentId: string; pid: number; restarted?: boolean }
  | { kind: 'agent-event'; name: string; event: AgentEvent }
  | { kind: 'agent-exited'; name: string; code: number | null; restarting?: boolean; error?: string }
  | { kind: 'dashboard'; url: string }
  | { kind: 'workload'; event: WorkloadEvent }
  | { kind: 'stopping' }
  | { kind: 'stopped' };

export type NetworkAgent = SpawnedAgent & { kind: AgentKind };

/**
 * Counters the launcher keeps from its agents' and workload's events (this session only).
 * `submitted` counts Tasks tasks (optimistic and sampled); quorum tasks have their own.
 */
export type NetworkProgress = {
  agentsUp: number;
  agents: number;
  submitted: number;
  final: number;
  rejected: number;
  disputesOpened: number;
  disputesResolved: number;
  sampled: number;
  quorumSubmitted: number;
  quorumFinal: number;
  quorumRefunded: number;
};

export type RunningNetwork = {
  dashboardUrl: string;
  rpcUrl: string;
  chainId: number;
  dataDir: string;
  /** A previous run's network (same data dir) was resumed. */
  resumed: boolean;
  agents: readonly NetworkAgent[];
  progress(): NetworkProgress;
  /** The indexer's figures: every task and dispute of the network, resumed runs included. */
  stats(): StatsView;
  /** Stops the workload, the agents (SIGTERM, then SIGKILL), the API and the chain (its state is saved). Idempotent. */
  stop(): Promise<void>;
};

export type StartNetworkParameters = NetworkConfig & {
  onEvent?: (e: NetworkEvent) => void;
  /** Serve on any free port when `port` is taken (the CLI sets it when the port is its default). */
  anyPortIfTaken?: boolean;
};

const AGENT_TOKENS = parseEther('100000');
/** Stake each worker bonds, in minimum stakes (see where it is bonded). */
const WORKER_STAKE_MULTIPLE = 100n;
/** Restarts of one agent within an hour before the launcher gives up on it. */
const MAX_RESTARTS = 5;
const REQUESTER_TOKENS = parseEther('100000');

/**
 * Runs a whole Vouch network on one machine: the chain (embedded anvil whose state is kept in
 * the data dir, or an external RPC), the contracts (deployed once), the agents as separate
 * `vouch agent start` processes, the indexer + API + dashboard on one HTTP server, and a
 * workload submitting real MNIST digits as tasks. Everything it needs to resume (agent keys
 * and ports, the workload's position, the chain state) lives in `dataDir`.
 */
export async function startNetwork(params: StartNetworkParameters): Promise<RunningNetwork> {
  const config = checkNetworkConfig({ ...params });
  const emit = params.onEvent ?? (() => {});
  // The model first: a wrong path is a message, not four agents failing one after the other.
  let model: ReturnType<typeof loadServedModel>;
  try {
    model = loadServedModel(config.model);
  } catch (cause) {
    throw new NetworkConfigError(`cannot load the model ${config.model}: ${(cause as Error).message.split('\n')[0]}`, { details: 'Pass a .vouch file with --model (vouch model import makes one).', cause });
  }
  const dataDir = resolve(config.dataDir);
  const chainDir = join(dataDir, 'chain');
  mkdirSync(chainDir, { recursive: true });
  const mix = parseWorkloadMix(config.mix);
  const quorumAgents = config.quorumMembers + config.quorumLiars;
  // Quorum tasks a previous run left unrated are followed whatever this run's mix.
  const pendingQuorum = existsSync(networkRecordPath(resolve(config.dataDir))) ? (loadNetworkRecord(resolve(config.dataDir)).workload.pendingQuorum ?? []) : [];
  let floatModel: FloatModel | undefined;
  if (mix.quorum > 0 || quorumAgents > 0 || pendingQuorum.length > 0) {
    try {
      floatModel = await loadFloatModel(config.quorumModel);
    } catch (cause) {
      throw new NetworkConfigError(`cannot load the quorum model ${config.quorumModel}: ${(cause as Error).message.split('\n')[0]}`, { details: 'Pass a float .onnx file with --quorum-model.', cause });
    }
  }
  const resumed = existsSync(networkRecordPath(dataDir));
  const record = loadNetworkRecord(dataDir);

  const cleanups: (() => Promise<void>)[] = [];
  const agents: NetworkAgent[] = [];
  let workload: Workload | undefined;
  let server: NetworkServer | undefined;
  const relaunching = new Set<Promise<void>>();
  const progress: NetworkProgress = { agentsUp: 0, agents: 0, submitted: 0, final: 0, rejected: 0, disputesOpened: 0, disputesResolved: 0, sampled: 0, quorumSubmitted: 0, quorumFinal: 0, quorumRefunded: 0 };

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      emit({ kind: 'stopping' });
      // Order matters: no new tasks, then the agents (they finish their tick), then the API, then the chain.
      await withTimeout(workload?.stop(), 20_000);
      await Promise.allSettled([...relaunching]);
      await Promise.all(agents.map((a) => a.stop()));
      for (const c of cleanups.reverse()) await c().catch(() => {});
      emit({ kind: 'stopped' });
    })());

  try {
    // ---- chain
    let rpcUrl: string;
    let deployerKey: Hex;
    const statePath = join(chainDir, 'anvil-state.json');
    if (config.rpcUrl) {
      rpcUrl = config.rpcUrl;
      deployerKey = config.key!;
    } else {
      // Automine while deploying and starting agents (a block per transaction: seconds instead of
      // a minute), then a block every blockTime seconds so that windows and clocks run out.
      const anvil = await startAnvil({ args: ['--state', statePath], detached: true });
      cleanups.push(anvil.stop);
      rpcUrl = anvil.rpcUrl;
      deployerKey = anvil.accounts[0].privateKey;
    }
    const deployer = createVouchClients({ rpcUrl, privateKey: deployerKey });
    const chainId = await deployer.public.getChainId();
    emit({ kind: 'chain', rpcUrl, chainId, embedded: !config.rpcUrl, statePath: config.rpcUrl ? undefined : statePath });
    if (record.chainId !== undefined && record.chainId !== chainId) {
      throw new NetworkConfigError(`${networkRecordPath(dataDir)} belongs to chain ${record.chainId}, not ${chainId}`, { details: 'Use another --data-dir for another chain.' });
    }
    record.chainId = chainId;

    // ---- contracts (reused when the record and the chain still agree)
    let deployment: DeployVouchReturnType;
    try {
      deployment = await deployVouch(deployer, {
        dataDir: chainDir,
        owner: config.rpcUrl ? 'timelock' : privateKeyToAddress(deployerKey),
        params: { challengeWindow: BigInt(config.challengeWindow), disputeMoveClock: BigInt(config.moveClock) },
        // The demo's time scale: commit and reveal windows at the governance minimum, like the
        // challenge window, and p high enough that sampled claims are often drawn.
        quorumParams: { commitWindow: 60, revealWindow: 60 },
        samplingParams: { samplingBps: Math.round(config.samplingRate * 10_000) },
      });
    } catch (err) {
      if (err instanceof DeploymentStaleError) {
        throw new NetworkConfigError(`the chain in ${dataDir} no longer holds its deployment (${err.reason})`, {
          details: `The chain state was lost (e.g. the launcher was killed with SIGKILL, so anvil could not save it). Delete ${dataDir} to start a new network.`,
          cause: err,
        });
      }
      throw err;
    }
    emit({ kind: 'deployed', reused: deployment.reused, tasks: deployment.addresses.tasks });

    // ---- agents: the ones a previous run created keep their keys and ports
    const want: { kind: AgentKind; count: number }[] = [
      { kind: 'worker', count: config.workers },
      { kind: 'cheater', count: config.cheaters },
      { kind: 'challenger', count: config.challengers },
      { kind: 'quorum', count: config.quorumMembers },
      { kind: 'quorum-liar', count: config.quorumLiars },
    ];
    const chosen: AgentRecord[] = [];
    for (const { kind, count } of want) {
      for (let i = 1; i <= count; i++) {
        const name = `${kind}-${i}`;
        let a = record.agents.find((r) => r.name === name);
        if (!a) {
          a = { name, kind, key: generatePrivateKey(), port: 0, funded: false };
          record.agents.push(a);
        }
        a.port = await freePort('127.0.0.1', a.port);
        chosen.push(a);
      }
    }
    record.requester ??= { key: generatePrivateKey(), funded: false };
    saveNetworkRecord(dataDir, record);
    const unfunded = chosen.filter((a) => !a.funded);
    if (unfunded.length > 0) await fundAgents(deployer, { token: deployment.addresses.vouchToken, agents: unfunded.map((a) => privateKeyToAddress(a.key)), amount: AGENT_TOKENS, ethAmount: parseEther(config.rpcUrl ? '0.05' : '10') });
    if (!record.requester.funded) await fundAgents(deployer, { token: deployment.addresses.vouchToken, agents: [privateKeyToAddress(record.requester.key)], amount: REQUESTER_TOKENS, ethAmount: parseEther(config.rpcUrl ? '0.05' : '10') });
    // A claim locks the minimum stake until it settles, so a worker's stake bounds how many
    // claims it can have inside a window at once (10 x minStake, what a node bonds on its own,
    // is about 10 tasks a minute with a 60 s window). Workers here bond for the workload.
    // Challengers and quorum members bond by themselves (10 x minStake; a member reserves 5 seats of it).
    const workersBonding = unfunded.filter((a) => a.kind === 'worker' || a.kind === 'cheater');
    if (workersBonding.length > 0) {
      const minStake = await deployer.public.readContract({ address: deployment.addresses.protocolParams, abi: protocolParamsAbi, functionName: 'minStake' });
      const amount = WORKER_STAKE_MULTIPLE * minStake;
      await Promise.all(
        workersBonding.map(async (a) => {
          const c = createVouchClients({ rpcUrl, privateKey: a.key });
          await approveToken(c, { token: deployment.addresses.vouchToken, spender: deployment.addresses.stakeManager, amount });
          await bondStake(c, { stakeManager: deployment.addresses.stakeManager, amount });
        }),
      );
    }
    if (unfunded.length > 0 || !record.requester.funded) {
      for (const a of unfunded) a.funded = true;
      record.requester.funded = true;
      saveNetworkRecord(dataDir, record);
      emit({ kind: 'funded', agents: unfunded.map((a) => a.name) });
    }

    progress.agents = chosen.length;
    const onAgentEvent = (name: string) => (event: AgentEvent) => {
      if (event.event === 'finalized') progress.final++;
      else if (event.event === 'dispute-opened') progress.disputesOpened++;
      else if (event.event === 'dispute-won' || event.event === 'dispute-lost') {
        if (chosen.find((c) => c.name === name)?.kind === 'challenger') {
          progress.disputesResolved++;
          if (event.event === 'dispute-won') progress.rejected++;
        }
      }
      emit({ kind: 'agent-event', name, event });
    };
    // An agent that dies while the network runs is started again (its database makes it resume:
    // pending claims, open games), at most MAX_RESTARTS times in a row without a clean hour.
    const restarts = new Map<string, number[]>();
    const launch = async (a: AgentRecord, restarted = false): Promise<NetworkAgent> => {
      const quorumMember = a.kind === 'quorum' || a.kind === 'quorum-liar';
      const role = a.kind === 'challenger' ? 'challenger' : quorumMember ? 'quorum' : 'worker';
      const args = [
        '--role', role, '--rpc', rpcUrl, '--key', a.key, '--data-dir', join(dataDir, 'agents', a.name), '--deployment-dir', chainDir,
        '--model', quorumMember ? config.quorumModel : config.model, '--port', String(a.port), '--name', a.name, '--poll-ms', String(config.pollMs),
        ...(a.kind === 'cheater' ? ['--cheat-rate', String(config.cheatRate)] : []),
        ...(a.kind === 'challenger' ? ['--verify-probability', String(config.verifyProbability)] : []),
        // Sampled tasks need verifiers: the challengers join SamplingCoordinator's pool.
        ...(a.kind === 'challenger' && mix.sampled > 0 ? ['--sampling'] : []),
        ...(a.kind === 'quorum-liar' ? ['--quorum-lie-rate', String(config.quorumLieRate)] : []),
      ];
      const s = await spawnAgent({ name: a.name, args, onEvent: onAgentEvent(a.name) });
      const agent: NetworkAgent = Object.assign(s, { kind: a.kind });
      const at = agents.findIndex((x) => x.name === a.name);
      if (at >= 0) agents[at] = agent;
      else agents.push(agent);
      progress.agentsUp++;
      void s.exited.then((code) => {
        progress.agentsUp--;
        if (stopping) return;
        const recent = (restarts.get(a.name) ?? []).filter((t) => Date.now() - t < 3_600_000);
        emit({ kind: 'agent-exited', name: a.name, code, restarting: recent.length < MAX_RESTARTS });
        if (recent.length >= MAX_RESTARTS) return;
        restarts.set(a.name, [...recent, Date.now()]);
        const again = new Promise<void>((resolve) => setTimeout(resolve, 2_000))
          .then(() => (stopping ? undefined : launch(a, true)))
          .then(() => undefined, (err: unknown) => emit({ kind: 'agent-exited', name: a.name, code: null, restarting: false, error: (err as Error).message.split('\n')[0] }))
          .finally(() => relaunching.delete(again));
        relaunching.add(again);
      });
      emit({ kind: 'agent-started', name: a.name, agentKind: a.kind, url: s.url, agentId: s.agentId, pid: s.pid, ...(restarted ? { restarted } : {}) });
      return agent;
    };
    const started = await Promise.allSettled(chosen.map((a) => launch(a)));
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    if (!config.rpcUrl) await deployer.public.request({ method: 'evm_setIntervalMining', params: [config.blockTime] } as never);

    // ---- indexer + API + dashboard
    server = await serveNetwork({
      host: config.host,
      port: config.port,
      anyPortIfTaken: params.anyPortIfTaken,
      rpcUrl,
      dataDir,
      deployment,
      models: { [model.modelId]: { name: model.name, inputShape: [...model.model.values[model.model.inputs[0].value].shape] } },
      status: () => ({
        progress: { ...progress },
        agents: agents.map((a) => ({ name: a.name, kind: a.kind, url: a.url, agentId: a.agentId, account: a.account, pid: a.pid })),
        requester: privateKeyToAddress(record.requester!.key),
        rate: config.rate,
        dataDir,
        rpcUrl,
        challengeWindow: config.challengeWindow,
        moveClock: config.moveClock,
        model: {
          name: model.name,
          modelId: model.modelId,
          trace: model.model.values.map((v, i) => ({ name: i < model.model.inputs.length ? model.model.inputs[i].name : model.model.ops[i - model.model.inputs.length].kind, shape: [...v.shape] })),
        },
        labels: record.labels ?? {},
        quorumLabels: record.quorumLabels ?? {},
        mix,
      }),
    });
    cleanups.push(server.close);
    emit({ kind: 'dashboard', url: server.url });

    // ---- workload
    const requesterClients = createVouchClients({ rpcUrl, privateKey: record.requester.key });
    const workerUrls = [...agents.filter((a) => a.kind === 'worker' || a.kind === 'cheater').map((a) => a.url), ...config.workerUrls.map((u) => u.replace(/\/+$/, ''))];
    workload = await runWorkload({
      clients: requesterClients,
      requesterKey: record.requester.key,
      addresses: deployment.addresses,
      chainId,
      model,
      workers: () => workerUrls,
      rate: config.rate,
      fee: parseEther(config.fee),
      nextDigit: record.workload.nextDigit,
      submitted: record.workload.submitted,
      pendingQuorum: record.workload.pendingQuorum,
      pendingRatings: record.workload.pendingRatings,
      mix,
      quorum: floatModel ? { model: floatModel, committee: config.committee } : undefined,
      onProgress: (next) => {
        record.workload = next;
        saveNetworkRecord(dataDir, record);
      },
      onEvent: (event) => {
        if (event.kind === 'task-submitted') {
          progress.submitted++;
          const labels = (record.labels ??= {});
          labels[event.taskId] = { label: event.label, predicted: event.predicted, digit: event.digit, ...(event.mode === 'sampled' ? { mode: event.mode } : {}) };
          keepLast(labels);
        } else if (event.kind === 'sample-drawn') {
          if (event.status === 'assigned') progress.sampled++;
        } else if (event.kind === 'quorum-task-submitted') {
          progress.quorumSubmitted++;
          const labels = (record.quorumLabels ??= {});
          labels[event.quorumTaskId] = { label: event.label, digit: event.digit };
          keepLast(labels);
          saveNetworkRecord(dataDir, record);
        } else if (event.kind === 'quorum-task-settled') {
          if (event.state === 'finalized') progress.quorumFinal++;
          else progress.quorumRefunded++;
          const l = record.quorumLabels?.[event.quorumTaskId];
          if (l) {
            l.state = event.state;
            if (event.predicted !== undefined) l.predicted = event.predicted;
            saveNetworkRecord(dataDir, record);
          }
        }
        emit({ kind: 'workload', event });
      },
    });

    return { dashboardUrl: server.url, rpcUrl, chainId, dataDir, resumed, agents, progress: () => ({ ...progress }), stats: server.stats, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The record keeps the labels of the last KEPT_LABELS tasks only. */
function keepLast(labels: Record<string, unknown>): void {
  const ids = Object.keys(labels);
  if (ids.length > KEPT_LABELS) for (const id of ids.sort((a, b) => Number(a) - Number(b)).slice(0, ids.length - KEPT_LABELS)) delete labels[id];
}

async function withTimeout(p: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!p) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
