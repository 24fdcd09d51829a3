import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type Hex, isAddressEqual } from 'viem';
import { identityRegistryAbi } from '../chain/abis/IdentityRegistry.ts';
import { protocolParamsAbi } from '../chain/abis/ProtocolParams.ts';
import { vouchTokenAbi } from '../chain/abis/VouchToken.ts';
import { approveToken } from '../chain/actions/approveToken.ts';
import { bondStake } from '../chain/actions/bondStake.ts';
import { getStake } from '../chain/actions/getStake.ts';
import { isModelRegistered } from '../chain/actions/isModelRegistered.ts';
import { registerAgent } from '../chain/actions/registerAgent.ts';
import { registerModel } from '../chain/actions/registerModel.ts';
import { createVouchClients } from '../chain/clients/createVouchClients.ts';
import { loadDeployment } from '../chain/deploy/loadDeployment.ts';
import { ContractRevertError } from '../chain/errors.ts';
import { VouchError } from '../errors.ts';
import { AGENT_CARD_PATH } from '../protocol/constants.ts';
import { buildAgentCard } from '../protocol/buildAgentCard.ts';
import { buildRegistrationFile } from '../protocol/buildRegistrationFile.ts';
import { createA2AApp } from '../protocol/createA2AApp.ts';
import { type NodeContext, type NodeRole } from './context.ts';
import { playDispute, openDisputes } from './dispute/playDisputes.ts';
import { loadServedModel, type ServedModel } from './execution/loadServedModel.ts';
import { type ServedFloatModel, loadFloatFile } from './execution/floatExecution.ts';
import { getFloatCanon } from '../chain/actions/getFloatCanon.ts';
import { registerFloatModel } from '../chain/actions/registerFloatModel.ts';
import { canonicalCode, canonicalSpecFromCode } from '../commit/canonical/canonicalCode.ts';
import { parseCanonicalSpec } from '../commit/canonical/parseCanonicalSpec.ts';
import { challenge } from './roles/challenger.ts';
import { startQuorumMember } from './roles/quorumMember.ts';
import { startSamplingVerifier } from './roles/samplingVerifier.ts';
import { requestSampledValidations } from './sampling/sampledValidation.ts';
import { finalizeDue, resumeClaims, workerInference } from './roles/worker.ts';
import { recoverOutbox } from './recoverOutbox.ts';
import { awaitOwnPending } from './awaitOwnPending.ts';
import { crashPoint } from './crashPoint.ts';
import { settleStaleTransactions } from './settleStaleTransactions.ts';
import { syncChain } from './syncChain.ts';
import { lockDataDir } from './dataDirLock.ts';
import { envelopeNonceStore, loadIdentity, openStore, saveIdentity } from './store/index.ts';

export type StartNodeParameters = {
  roles: readonly NodeRole[];
  rpcUrl: string;
  privateKey: Hex;
  /** The node's database and files. */
  dataDir: string;
  /** Where the deployment record is (default: dataDir). */
  deploymentDir?: string;
  /**
   * .vouch files the node serves (worker) or verifies (challenger); .onnx float models a quorum
   * member runs, a worker serves in sampled mode, a sampling verifier re-executes.
   */
  models: readonly string[];
  /** Worker: the canonicalisation a float model is registered with when nobody registered it yet (default top1). */
  floatCanonical?: string;
  /** Quorum member, test mode: probability of committing a wrong result; or commit and never reveal. */
  quorumLieRate?: number;
  quorumSilent?: boolean;
  /** Challenger: join SamplingCoordinator's verifier pool and answer the samples it is drawn for. */
  sampling?: boolean;
  host?: string;
  /** HTTP port of the A2A server (0: any free port). */
  port?: number;
  /** The URL peers reach this node at (default http://host:port). */
  publicUrl?: string;
  name?: string;
  cheatRate?: number;
  verifyProbability?: number;
  /** Tokens bonded at start when less is free (default: 10 x the minimum stake). */
  stake?: bigint;
  pollMs?: number;
  confirmations?: number;
  random?: () => number;
  log?: (event: string, fields?: Record<string, unknown>) => void;
};

/** The node could not start (port taken, ...): the message says what to change. */
export class NodeStartError extends VouchError {
  override readonly name = 'NodeStartError';
  constructor(message: string, details: string) {
    super(message, { details });
  }
}

export type RunningNode = { url: string; agentId: bigint; context: NodeContext; stop(): Promise<void> };

/**
 * Starts an agent: opens its database, checks the deployment, registers its ERC-8004 identity
 * and its models once, bonds stake, serves A2A (card, registration file, JSON-RPC), then runs
 * its loop: apply chain events, finalize, play disputes. Everything it must remember is in
 * the database, so a restart (even after kill -9) resumes where it stopped.
 */
/**
 * The float .onnx models a worker serves in sampled mode or a sampling verifier re-executes, with
 * the canonicalisation ModelRegistry fixed for each. A worker (`register` set) registers a model
 * nobody registered yet, with that rule (registerFloat: the whole file as calldata); a verifier
 * skips an unregistered model.
 */
async function loadFloatModels(ctx: NodeContext, paths: readonly string[], register?: string): Promise<Map<Hex, ServedFloatModel>> {
  const out = new Map<Hex, ServedFloatModel>();
  const { modelRegistry } = ctx.addresses;
  for (const path of paths) {
    const file = await loadFloatFile(path);
    let code = await getFloatCanon(ctx.clients, { modelRegistry, modelId: file.modelId });
    if (code === undefined && register !== undefined) {
      const spec = parseCanonicalSpec(register);
      try {
        const sent = await registerFloatModel(ctx.clients, { modelRegistry, onnx: file.model.bytes, inputCount: 1, canonCode: canonicalCode(spec) });
        ctx.log('model-registered', { modelId: file.modelId, name: file.name, float: true, canonical: register, gasUsed: sent.receipt.gasUsed });
      } catch (err) {
        if (!(err instanceof ContractRevertError && err.errorName === 'ModelAlreadyRegistered')) throw err;
      }
      code = await getFloatCanon(ctx.clients, { modelRegistry, modelId: file.modelId });
    }
    if (code === undefined) {
      ctx.log('float-model-unregistered', { modelId: file.modelId, name: file.name });
      continue;
    }
    out.set(file.modelId.toLowerCase() as Hex, { ...file, spec: canonicalSpecFromCode(code) });
  }
  return out;
}

export async function startNode(p: StartNodeParameters): Promise<RunningNode> {
  const log = p.log ?? (() => {});
  const roles = new Set(p.roles);
  mkdirSync(p.dataDir, { recursive: true });
  const unlock = lockDataDir(p.dataDir);
  try {
    const clients = createVouchClients({ rpcUrl: p.rpcUrl, privateKey: p.privateKey });
    const deployment = await loadDeployment(clients, { dataDir: p.deploymentDir ?? p.dataDir });
    const { addresses } = deployment;
    const models = new Map<Hex, ServedModel>();
    for (const path of p.models) {
      if (path.endsWith('.onnx')) continue; // float models: loaded once the chain is known (loadFloatModels)
      const m = loadServedModel(path);
      models.set(m.modelId, m);
    }
    const store = openStore(join(p.dataDir, 'node.db'));

    const host = p.host ?? '127.0.0.1';
    const app = new Hono();
    // Requests that arrive while the node is still recovering are refused (503), not routed: hono
    // freezes its routes at the first request, and the routes are added once recovery is done.
    const gate = { open: false };
    const starting = () => new Response(JSON.stringify({ error: 'starting' }), { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '1' } });
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: (req) => (gate.open ? app.fetch(req) : starting()), hostname: host, port: p.port ?? 0 }, () => resolve(s));
      s.once('error', (err) => {
        store.close();
        reject(new NodeStartError(`cannot listen on ${host}:${p.port ?? 0}: ${(err as Error).message}`, 'Pick another --port or stop the process that holds it.'));
      });
    });
    let node: RunningNode;
    try {
      node = await startOnServer(p, { clients, deployment, store, models, app, gate, server, host, log, roles });
    } catch (err) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
      throw err;
    }
    return { ...node, stop: () => node.stop().finally(unlock) };
  } catch (err) {
    unlock();
    throw err;
  }
}

type Started = {
  clients: ReturnType<typeof createVouchClients>;
  deployment: Awaited<ReturnType<typeof loadDeployment>>;
  store: ReturnType<typeof openStore>;
  models: Map<Hex, ServedModel>;
  app: Hono;
  gate: { open: boolean };
  server: ReturnType<typeof serve>;
  host: string;
  log: NonNullable<StartNodeParameters['log']>;
  roles: Set<NodeRole>;
};

async function startOnServer(p: StartNodeParameters, { clients, deployment, store, models, app, gate, server, host, log, roles }: Started): Promise<RunningNode> {
  const { addresses } = deployment;
  const port = (server.address() as AddressInfo).port;
  const url = p.publicUrl ?? `http://${host}:${port}`;

  // Identity: registered once; the database remembers it (and refuses another chain or deployment).
  // What a previous run of this key broadcast is mined (or gone) before anything is read or sent.
  await awaitOwnPending({ clients, log });
  let identity = loadIdentity(store);
  if (!identity) {
    // A run killed between its registration and saveIdentity registered this key already:
    // that agent is ours (a second registration would split its reputation).
    const adopted = await ownAgent(clients, addresses.identityRegistry, BigInt(deployment.fromBlock));
    const agentId = adopted ?? (await registerAgent(clients, { identityRegistry: addresses.identityRegistry, agentURI: `${url}/registration.json` })).agentId;
    crashPoint('node.registered');
    identity = { agentId, chainId: deployment.chainId, account: clients.wallet.account.address, contracts: { ...addresses } };
    saveIdentity(store, identity);
    log(adopted === undefined ? 'registered' : 'identity-adopted', { agentId, agentURI: `${url}/registration.json` });
  } else {
    saveIdentity(store, { ...identity, contracts: { ...addresses } });
  }
  const agentId = identity.agentId;

  const ctx: NodeContext = {
    roles,
    clients,
    store,
    addresses,
    agentId,
    models,
    cheatRate: p.cheatRate ?? 0,
    verifyProbability: p.verifyProbability ?? 1,
    confirmations: p.confirmations ?? 1,
    random: p.random ?? Math.random,
    log,
  };

  // Transactions a previous run left unfinished are settled against the chain before anything
  // new is sent (a broadcast that was still in the mempool, or mined after the kill, is never
  // sent again); every action is then derived again from chain state.
  await recoverOutbox(ctx);

  if (roles.has('worker')) {
    for (const m of models.values()) {
      if (await isModelRegistered(clients, { modelRegistry: addresses.modelRegistry, modelId: m.modelId })) continue;
      try {
        await registerModel(clients, { modelRegistry: addresses.modelRegistry, modelId: m.modelId, ...m.registration });
        log('model-registered', { modelId: m.modelId, name: m.name });
      } catch (err) {
        // Another agent may have registered it in the meantime: ours then reverts in simulation
        // (pending state) or, when both were in flight, once mined.
        const raced = err instanceof ContractRevertError && err.errorName === 'ModelAlreadyRegistered';
        if (!raced && !(await isModelRegistered(clients, { modelRegistry: addresses.modelRegistry, modelId: m.modelId }))) throw err;
      }
    }
  }
  if (roles.has('worker') || roles.has('challenger') || roles.has('quorum')) {
    const minStake = await clients.public.readContract({ address: addresses.protocolParams, abi: protocolParamsAbi, functionName: 'minStake' });
    const want = p.stake ?? 10n * minStake;
    const { free } = await getStake(clients, { stakeManager: addresses.stakeManager, agent: clients.wallet.account.address });
    if (free < want) {
      // An approval a killed run made and did not use is not made again.
      const allowance = await clients.public.readContract({ address: addresses.vouchToken, abi: vouchTokenAbi, functionName: 'allowance', args: [clients.wallet.account.address, addresses.stakeManager] });
      if (allowance < want - free) await approveToken(clients, { token: addresses.vouchToken, spender: addresses.stakeManager, amount: want - free });
      crashPoint('node.approved');
      await bondStake(clients, { stakeManager: addresses.stakeManager, amount: want - free });
      log('bonded', { amount: want - free });
    }
  }

  if (roles.has('worker') || (roles.has('challenger') && p.sampling)) {
    ctx.floatModels = await loadFloatModels(ctx, p.models.filter((m) => m.endsWith('.onnx')), roles.has('worker') ? (p.floatCanonical ?? 'top1') : undefined);
  }
  // A claim the previous run was making (or had a trace for, but not sent) is finished now.
  if (roles.has('worker')) await resumeClaims(ctx);
  const quorum = roles.has('quorum')
    ? await startQuorumMember(ctx, { modelPaths: p.models.filter((m) => m.endsWith('.onnx')), lieRate: p.quorumLieRate, silent: p.quorumSilent })
    : undefined;
  const sampler = roles.has('challenger') && p.sampling ? await startSamplingVerifier(ctx) : undefined;

  // Only a worker serves its models (a challenger holds them to verify, and must not be sent tasks).
  const served = roles.has('worker')
    ? [
        ...[...models.values()].map((m) => ({ modelId: m.modelId, name: m.name, modes: ['optimistic' as const, 'sampled' as const] })),
        // A float model is never bisected: sampled mode only (escalated to a quorum).
        ...[...(ctx.floatModels?.values() ?? [])].map((m) => ({ modelId: m.modelId, name: m.name, modes: ['sampled' as const] })),
      ]
    : [];
  const domain = { chainId: deployment.chainId, verifyingContract: addresses.tasks };
  const registry = `eip155:${deployment.chainId}:${addresses.identityRegistry}`;
  const name = p.name ?? `vouch-${[...roles].join('-')}`;
  const card = buildAgentCard({
    name,
    description: `Vouch agent (${[...roles].join(', ')}) serving int8 inference with optimistic verification`,
    url: `${url}/a2a`,
    agentId,
    registry,
    registration: `${url}/registration.json`,
    domain,
    models: served,
  });
  const registration = buildRegistrationFile({
    name,
    description: card.description,
    agentCardUrl: `${url}${AGENT_CARD_PATH}`,
    agentId,
    agentRegistry: registry,
    tasks: `eip155:${deployment.chainId}:${addresses.tasks}`,
    validationRegistry: `eip155:${deployment.chainId}:${addresses.validationRegistry}`,
    models: served,
  });
  const a2a = createA2AApp({
    card,
    handlers: { inference: workerInference(ctx) },
    verifier: { domain, agentId, nonces: envelopeNonceStore(store) },
  });
  app.get('/registration.json', (c) => c.json(registration));
  app.get('/health', (c) => c.json({ ok: true, agentId: agentId.toString(), roles: [...roles] }));
  app.route('/', a2a);
  gate.open = true;

  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    // Sends that failed without a verdict are settled from the chain first (until then their
    // effect cannot be sent again); a claim settled so gets its window, or is made again.
    const settled = await settleStaleTransactions(ctx);
    if (roles.has('worker') && settled.some((tx) => tx.kind === 'claim')) await resumeClaims(ctx);
    await syncChain(ctx, BigInt(deployment.fromBlock));
    if (roles.has('worker')) {
      const claimed = (store.db.prepare("SELECT t.task_id FROM tasks t JOIN claims c ON c.task_id = t.task_id WHERE t.role = 'worker' AND t.status = 'claimed' AND c.ours = 1 AND c.status = 'confirmed'").all() as { task_id: string }[]).map((r) => BigInt(r.task_id));
      await finalizeDue(ctx, claimed);
      await requestSampledValidations(ctx).catch((err) => log('sample-validation-error', { error: (err as Error).message.split('\n')[0] }));
    }
    if (roles.has('challenger')) {
      const unopened = store.db.prepare("SELECT v.task_id FROM verifications v JOIN tasks t ON t.task_id = v.task_id WHERE v.verdict = 'disagree' AND t.status = 'claimed' AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.task_id = v.task_id)").all() as { task_id: string }[];
      for (const r of unopened) await challenge(ctx, BigInt(r.task_id)).catch((err) => log('dispute-open-failed', { taskId: r.task_id, error: (err as Error).message.split('\n')[0] }));
    }
    if (quorum) await quorum.tick(BigInt(deployment.fromBlock));
    if (sampler) await sampler.tick(BigInt(deployment.fromBlock));
    await Promise.all(openDisputes(ctx).map((d) => playDispute(ctx, d, BigInt(deployment.fromBlock)).catch((err) => log('dispute-error', { gameId: d.gameId, error: (err as Error).message.split('\n')[0] }))));
  };
  const loop = async () => {
    while (!stopped) {
      running = tick().catch((err) => log('tick-error', { error: (err as Error).message.split('\n')[0] }));
      await running;
      await new Promise((r) => setTimeout(r, p.pollMs ?? 500));
    }
  };
  void loop();
  log('started', { url, agentId, roles: [...roles], account: clients.wallet.account.address });

  return {
    url,
    agentId,
    context: ctx,
    async stop() {
      stopped = true;
      await running;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}

/** The agent this account registered on the deployment's identity registry and still owns (the latest), if any. */
async function ownAgent(clients: ReturnType<typeof createVouchClients>, identityRegistry: Hex, fromBlock: bigint): Promise<bigint | undefined> {
  const me = clients.wallet.account.address;
  const logs = await clients.public.getContractEvents({ address: identityRegistry, abi: identityRegistryAbi, eventName: 'Registered', args: { owner: me }, fromBlock });
  for (const l of logs.reverse()) {
    const owner = await clients.public.readContract({ address: identityRegistry, abi: identityRegistryAbi, functionName: 'ownerOf', args: [l.args.agentId!] }).catch(() => undefined);
    if (owner && isAddressEqual(owner, me)) return l.args.agentId;
  }
  return undefined;
}
