/**
 * Test-only helpers for playing the node's dispute player against scripted liars on a real
 * anvil chain with the real contracts: one deployment, an honest node context per game (its
 * own store in a temp dir), liars driven with the chain actions, and time moved with anvil's
 * evm_increaseTime / evm_setNextBlockTimestamp instead of sleeping.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Address, type Hex, bytesToHex, createTestClient, hexToBytes, http, keccak256, parseEther, toBytes } from 'viem';
import { disputeGameAbi } from '../../../src/chain/abis/DisputeGame.ts';
import { tasksAbi } from '../../../src/chain/abis/Tasks.ts';
import { approveToken } from '../../../src/chain/actions/approveToken.ts';
import { bondStake } from '../../../src/chain/actions/bondStake.ts';
import { createTask } from '../../../src/chain/actions/createTask.ts';
import { type DisputeMove, encodeDisputeMove } from '../../../src/chain/actions/encodeDisputeMove.ts';
import { type GetGameReturnType, getGame } from '../../../src/chain/actions/getGame.ts';
import { getStake } from '../../../src/chain/actions/getStake.ts';
import { registerAgent } from '../../../src/chain/actions/registerAgent.ts';
import { registerModel } from '../../../src/chain/actions/registerModel.ts';
import { type StartAnvilReturnType, startAnvil } from '../../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../../src/chain/clients/createVouchClients.ts';
import { type DeployVouchReturnType, deployVouch } from '../../../src/chain/deploy/deployVouch.ts';
import { fundAgents } from '../../../src/chain/deploy/fundAgents.ts';
import { ContractRevertError } from '../../../src/chain/errors.ts';
import { sendTransaction } from '../../../src/chain/transactions/sendTransaction.ts';
import { tensorHash } from '../../../src/commit/tensorHash.ts';
import { traceProof } from '../../../src/commit/traceProof.ts';
import { traceTree } from '../../../src/commit/traceTree.ts';
import type { ClaimProof } from '../../../src/chain/actions/claimTask.ts';
import type { NodeContext, NodeRole } from '../../../src/node/context.ts';
import { type OwnExecution } from '../../../src/node/dispute/nextMove.ts';
import { openDisputes, playDispute } from '../../../src/node/dispute/playDisputes.ts';
import { type Corruption, type Execution, executeTask } from '../../../src/node/execution/executeTask.ts';
import { type ServedModel, loadServedModel } from '../../../src/node/execution/loadServedModel.ts';
import { syncChain } from '../../../src/node/syncChain.ts';
import { type Store, openStore } from '../../../src/node/store/index.ts';
import { int8Tensor } from '../../../src/runtime/tensor.ts';
import { writeOpsModel, writeTinyModel } from './tinyModel.ts';

export const PARAMS = {
  challengeWindow: 60n,
  disputeMoveClock: 30n,
  minStake: parseEther('100'),
  challengerBond: parseEther('50'),
  slashTreasuryBps: 1_000,
  protocolFeeBps: 100,
};
export const FEE = parseEther('1');

export type Roles = 'requester' | 'honestWorker' | 'honestChallenger' | 'liarWorker' | 'liarChallenger';

export type Chain = {
  anvil: StartAnvilReturnType;
  deployer: VouchClients;
  deployment: DeployVouchReturnType;
  dir: string;
  models: { tiny: ServedModel; mnist: ServedModel; ops: ServedModel };
  agents: Record<Roles, VouchClients>;
  /** The honest worker's ERC-8004 id (its claims link a validation request). */
  honestWorkerAgentId: bigint;
  treasury: Address;
  stop(): Promise<void>;
};

const keyOf = (role: string): Hex => keccak256(toBytes(`vouch dispute strategies ${role}`));

/** anvil, every contract deployed, the three test models registered, five funded and staked agents. */
export async function setupChain(): Promise<Chain> {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-dispute-'));
  const anvil = await startAnvil();
  // Automine: a receipt exists as soon as the send returns, so poll for it often (the default 100 ms is most of a move's time here).
  const pollingInterval = 20;
  const deployer = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey, pollingInterval });
  const deployment = await deployVouch(deployer, { dataDir: join(dir, 'chain'), params: PARAMS });
  const roles: Roles[] = ['requester', 'honestWorker', 'honestChallenger', 'liarWorker', 'liarChallenger'];
  const agents = Object.fromEntries(roles.map((r) => [r, createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: keyOf(r), pollingInterval })])) as Record<Roles, VouchClients>;
  await fundAgents(deployer, { token: deployment.addresses.vouchToken, agents: roles.map((r) => agents[r].wallet.account.address), amount: parseEther('100000'), ethAmount: parseEther('100') });
  const { addresses } = deployment;
  const stake = parseEther('5000');
  await Promise.all(
    roles.filter((r) => r !== 'requester').map(async (r) => {
      await approveToken(agents[r], { token: addresses.vouchToken, spender: addresses.stakeManager, amount: stake });
      await bondStake(agents[r], { stakeManager: addresses.stakeManager, amount: stake });
    }),
  );
  await approveToken(agents.requester, { token: addresses.vouchToken, spender: addresses.tasks, amount: parseEther('10000') });
  const tiny = loadServedModel(writeTinyModel(dir));
  const mnist = loadServedModel(new URL('../../../models/mnist-cnn.vouch', import.meta.url).pathname);
  const ops = loadServedModel(writeOpsModel(dir));
  for (const m of [tiny, mnist, ops]) await registerModel(deployer, { modelRegistry: addresses.modelRegistry, modelId: m.modelId, ...m.registration });
  const { agentId } = await registerAgent(agents.honestWorker, { identityRegistry: addresses.identityRegistry, agentURI: 'https://honest-worker.invalid/registration.json' });
  return {
    anvil,
    deployer,
    deployment,
    dir,
    models: { tiny, mnist, ops },
    agents,
    honestWorkerAgentId: agentId,
    treasury: addresses.timelockController,
    stop: () => anvil.stop(),
  };
}

// ---------------------------------------------------------------- time

export function testClient(chain: Chain) {
  return createTestClient({ mode: 'anvil', transport: http(chain.anvil.rpcUrl) });
}

/** Moves chain time forward by `seconds` and mines a block there. */
export async function passTime(chain: Chain, seconds: number): Promise<void> {
  const t = testClient(chain);
  await t.increaseTime({ seconds });
  await t.mine({ blocks: 1 });
}

/** The next block (the next transaction's, under automine) will have this timestamp. */
export async function nextBlockAt(chain: Chain, timestamp: bigint): Promise<void> {
  await testClient(chain).setNextBlockTimestamp({ timestamp });
}

// ---------------------------------------------------------------- tasks

/** A task for `model` on `input`, its input published for verifiers; returns its id. */
export async function newTask(chain: Chain, model: ServedModel, input: Int8Array): Promise<bigint> {
  const shape = model.model.values[model.model.inputs[0].value].shape;
  const inputHash = bytesToHex(tensorHash(int8Tensor(shape, input)));
  const now = (await chain.deployer.public.getBlock()).timestamp;
  const { taskId } = await createTask(chain.agents.requester, {
    tasks: chain.deployment.addresses.tasks,
    modelId: model.modelId,
    inputHashes: [inputHash],
    fee: FEE,
    claimDeadline: now + 3600n,
    inputData: bytesToHex(new Uint8Array(input.buffer, input.byteOffset, input.byteLength)),
  });
  return taskId;
}

// ---------------------------------------------------------------- honest node

export type HonestNode = {
  /** The current process's context and store (replaced by restart). */
  ctx: NodeContext;
  store: Store;
  events: { event: string; fields: Record<string, unknown> }[];
  /** What the node's loop does for disputes: apply chain events, then play every open game once. */
  tick(): Promise<void>;
  /** Closes the store and opens a new context over the same database, as a restarted node. */
  restart(): void;
  /** Events that must never happen to an honest party. */
  failures(): { event: string; fields: Record<string, unknown> }[];
  close(): void;
};

export type NodeOptions = {
  role: Extract<NodeRole, 'worker' | 'challenger'>;
  /** Whose key the node signs with. */
  as: Roles;
  /** The block the node starts reading events from (as a node started then). */
  fromBlock: bigint;
  /** The node's own cheat mode (a worker corrupting its results); default 0: honest. */
  cheatRate?: number;
  random?: () => number;
};

/** A node context over its own store in a temp dir, serving the test models: the node's real code, without its HTTP server and timer. */
export function nodeOf(chain: Chain, o: NodeOptions): HonestNode {
  const path = join(mkdtempSync(join(chain.dir, `${o.as}-`)), 'node.db');
  const events: HonestNode['events'] = [];
  const open = (): NodeContext => ({
    roles: new Set([o.role]),
    clients: chain.agents[o.as],
    store: openStore(path),
    addresses: chain.deployment.addresses,
    agentId: o.as === 'honestWorker' ? chain.honestWorkerAgentId : 0n,
    models: new Map(Object.values(chain.models).map((m) => [m.modelId, m])),
    cheatRate: o.cheatRate ?? 0,
    verifyProbability: 1,
    confirmations: 1,
    random: o.random ?? Math.random,
    log: (event, fields = {}) => events.push({ event, fields }),
  });
  const node: HonestNode = {
    ctx: open(),
    get store() {
      return node.ctx.store;
    },
    events,
    async tick() {
      const { ctx } = node;
      await syncChain(ctx, o.fromBlock);
      // As startNode's loop: a failing game is logged, the others still played.
      await Promise.all(openDisputes(ctx).map((d) => playDispute(ctx, d, o.fromBlock).catch((err) => ctx.log('dispute-error', { gameId: d.gameId, error: (err as Error).message.split('\n')[0] }))));
    },
    restart() {
      node.ctx.store.close();
      node.ctx = open();
    },
    failures: () => events.filter((e) => ['dispute-error', 'dispute-move-failed', 'dispute-lost', 'dispute-open-failed', 'validation-request-failed'].includes(e.event)),
    close: () => node.ctx.store.close(),
  };
  return node;
}

// ---------------------------------------------------------------- liars

/** A party's own execution as the move builders need it (trees built once). */
export function ownExecution(model: ServedModel, execution: Execution): OwnExecution {
  return {
    model: model.model,
    commitment: model.commitment,
    trace: execution.trace,
    traceTree: traceTree(execution.tensorHashes.map((h) => hexToBytes(h))),
    tensorTrees: new Map(),
  };
}

/** A consistent lying execution: op `opIndex`'s output has one element changed and later ops read it. */
export function lyingExecution(model: ServedModel, input: Int8Array, corruption: Corruption): Execution {
  const execution = executeTask(model.model, [input], corruption);
  if (execution.tensorHashes[model.model.inputs.length + corruption.opIndex] === executeTask(model.model, [input]).tensorHashes[model.model.inputs.length + corruption.opIndex]) {
    throw new Error('the corruption changed nothing');
  }
  return execution;
}

/** Trace hashes whose inputs are the task's but every computed tensor hash is random: a tree over garbage. */
export function garbageTraceHashes(model: ServedModel, input: Int8Array, seed: string): Hex[] {
  const shape = model.model.values[model.model.inputs[0].value].shape;
  const inputHash = bytesToHex(tensorHash(int8Tensor(shape, input)));
  return [inputHash, ...model.model.ops.map((_, j) => keccak256(toBytes(`garbage ${seed} ${j}`)))];
}

/**
 * A claim over a trace tree whose padding slot (after the output) holds `padding` instead of
 * the zero hash: the trace-end proofs verify (they never look at the padding), so such a root
 * can be claimed or used to open a dispute; only the bisection refuses to reveal it.
 */
export function paddedClaim(tensorHashes: readonly Hex[], padding: Hex): { leaves: Hex[]; proof: ClaimProof } {
  const leaves = [...tensorHashes, padding];
  if (leaves.length & (leaves.length - 1)) throw new Error('the padded trace must fill its tree (a power of two)');
  const tree = traceTree(leaves.map((h) => hexToBytes(h)));
  const siblings = (position: number) => traceProof(tree, position).siblings.map((x) => bytesToHex(x));
  const last = tensorHashes.length - 1;
  return {
    leaves,
    proof: {
      outputHash: tensorHashes[last],
      traceRoot: bytesToHex(tree.levels[0].subarray(0, 32)),
      inputHashes: tensorHashes.slice(0, 1),
      inputProofs: [siblings(0)],
      outputProof: siblings(last),
    },
  };
}

/** Sends one move as `clients`; the revert (a ContractRevertError) is returned, not thrown. */
export async function sendMove(chain: Chain, clients: VouchClients, gameId: bigint, move: DisputeMove): Promise<{ ok: true; hash: Hex } | { ok: false; error: ContractRevertError }> {
  const call = encodeDisputeMove(chain.deployment.addresses.disputeGame, gameId, move);
  try {
    const r = await sendTransaction(clients, call);
    return { ok: true, hash: r.hash };
  } catch (err) {
    if (err instanceof ContractRevertError) return { ok: false, error: err };
    throw err;
  }
}

/** The worker's leaf from its LeafRevealed event (what a challenger's pickElement repeats). */
export async function workerLeafOf(chain: Chain, gameId: bigint): Promise<Hex | undefined> {
  const logs = await chain.deployer.public.getContractEvents({ address: chain.deployment.addresses.disputeGame, abi: disputeGameAbi, eventName: 'LeafRevealed', args: { gameId }, fromBlock: 0n });
  return logs.find((l) => l.args.party === 0)?.args.leaf;
}

export async function gameOf(chain: Chain, gameId: bigint): Promise<GetGameReturnType> {
  return getGame(chain.deployer, { disputeGame: chain.deployment.addresses.disputeGame, gameId });
}

/** How the game ended on chain (GameResolved). */
export async function resolutionOf(chain: Chain, gameId: bigint): Promise<{ winner: 'worker' | 'challenger'; resolution: 'step' | 'timeout' }> {
  const logs = await chain.deployer.public.getContractEvents({ address: chain.deployment.addresses.disputeGame, abi: disputeGameAbi, eventName: 'GameResolved', args: { gameId }, fromBlock: 0n });
  if (logs.length !== 1) throw new Error(`game ${gameId}: ${logs.length} GameResolved events`);
  const { winner, resolution } = logs[0].args as { winner: number; resolution: number };
  return { winner: winner === 0 ? 'worker' : 'challenger', resolution: resolution === 2 ? 'step' : 'timeout' };
}

// ---------------------------------------------------------------- accounting

export type Holdings = { bonded: bigint; locked: bigint; stakeCredits: bigint; taskCredits: bigint };

export async function holdingsOf(chain: Chain, address: Address): Promise<Holdings> {
  const { addresses } = chain.deployment;
  const [stake, taskCredits] = await Promise.all([
    getStake(chain.deployer, { stakeManager: addresses.stakeManager, agent: address }),
    chain.deployer.public.readContract({ address: addresses.tasks, abi: tasksAbi, functionName: 'creditsOf', args: [address] }),
  ]);
  return { bonded: stake.bonded, locked: stake.locked, stakeCredits: stake.credits, taskCredits };
}

/** Holdings of every agent and the treasury, to compare before and after a game. */
export async function snapshot(chain: Chain): Promise<Record<Roles | 'treasury', Holdings>> {
  const entries = await Promise.all(
    [...(Object.keys(chain.agents) as Roles[]).map((r) => [r, chain.agents[r].wallet.account.address] as const), ['treasury', chain.treasury] as const].map(
      async ([r, a]) => [r, await holdingsOf(chain, a)] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<Roles | 'treasury', Holdings>;
}

export function delta(before: Holdings, after: Holdings): Holdings {
  return {
    bonded: after.bonded - before.bonded,
    locked: after.locked - before.locked,
    stakeCredits: after.stakeCredits - before.stakeCredits,
    taskCredits: after.taskCredits - before.taskCredits,
  };
}
