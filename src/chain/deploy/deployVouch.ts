import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { type Address, encodeFunctionData, keccak256, toBytes, zeroAddress } from 'viem';
import { disputeGameAbi, disputeGameBytecode } from '../abis/DisputeGame.ts';
import { modelRegistryAbi, modelRegistryBytecode } from '../abis/ModelRegistry.ts';
import { modelStepVerifierAbi, modelStepVerifierBytecode } from '../abis/ModelStepVerifier.ts';
import { tasksAbi, tasksBytecode } from '../abis/Tasks.ts';
import { identityRegistryAbi, identityRegistryBytecode } from '../abis/IdentityRegistry.ts';
import { protocolParamsAbi, protocolParamsBytecode } from '../abis/ProtocolParams.ts';
import { quorumTasksAbi, quorumTasksBytecode } from '../abis/QuorumTasks.ts';
import { reputationRegistryAbi, reputationRegistryBytecode } from '../abis/ReputationRegistry.ts';
import { samplingCoordinatorAbi, samplingCoordinatorBytecode } from '../abis/SamplingCoordinator.ts';
import { stakeManagerAbi, stakeManagerBytecode } from '../abis/StakeManager.ts';
import { timelockControllerAbi, timelockControllerBytecode } from '../abis/TimelockController.ts';
import { validationRegistryAbi, validationRegistryBytecode } from '../abis/ValidationRegistry.ts';
import { vouchGovernorAbi, vouchGovernorBytecode } from '../abis/VouchGovernor.ts';
import { vouchTokenAbi, vouchTokenBytecode } from '../abis/VouchToken.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { ChainRpcError, DeploymentStaleError } from '../errors.ts';
import { deployContract } from '../transactions/deployContract.ts';
import type { SendTransactionErrorType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { toChainError } from '../transactions/toChainError.ts';
import { writeContract } from '../transactions/writeContract.ts';
import { type VouchAddresses, type VouchDeployment, deploymentPath } from './deploymentPath.ts';
import { loadDeployment } from './loadDeployment.ts';

/** ProtocolParams' starting values (each must be inside the bounds in ProtocolParams.sol). */
export type ProtocolParamsValues = {
  challengeWindow: bigint;
  disputeMoveClock: bigint;
  unbondingDelay: bigint;
  slashTreasuryBps: number;
  protocolFeeBps: number;
  /** Default: the timelock. */
  treasury?: Address;
  minStake: bigint;
  challengerBond: bigint;
};

/** QuorumTasks' starting values (bounds in QuorumTasks.sol; committee bounds odd). */
export type QuorumParamsValues = {
  /** Seconds after the draw in which committee members commit. */
  commitWindow: number;
  /** Seconds after the commit deadline in which members reveal. */
  revealWindow: number;
  /** Treasury's share of a slashed member's stake (bps, <= 5,000). */
  slashTreasuryBps: number;
  minCommittee: number;
  maxCommittee: number;
  /** Blocks between a task's creation and the block whose hash seeds its committee (1..64). */
  drawDelay: number;
  /** Stake each member commits behind each seat. */
  memberStake: bigint;
};

export const DEFAULT_QUORUM_PARAMS: QuorumParamsValues = {
  commitWindow: 300,
  revealWindow: 300,
  slashTreasuryBps: 1_000,
  minCommittee: 1,
  maxCommittee: 15,
  drawDelay: 1,
  memberStake: 100n * 10n ** 18n,
};

/** SamplingCoordinator's starting values (bounds in SamplingCoordinator.sol). */
export type SamplingParamsValues = {
  /** Probability a requested claim is sampled (bps, 0..10,000). */
  samplingBps: number;
  /** Seconds a drawn verifier has to answer (capped by the claim's challenge window). */
  answerWindow: number;
  /** Blocks between the request and the block whose hash decides (1..64). */
  drawDelay: number;
  /** Treasury's share of a slashed verifier bond (bps, <= 5,000; rest to the requester). */
  slashTreasuryBps: number;
  verifierBond: bigint;
};

export const DEFAULT_SAMPLING_PARAMS: SamplingParamsValues = {
  samplingBps: 1_000,
  answerWindow: 300,
  drawDelay: 1,
  slashTreasuryBps: 1_000,
  verifierBond: 10n * 10n ** 18n,
};

export type DeployVouchParameters = TransactionOptions & {
  /** Write the deployment record here; if a valid record for this chain is there, reuse it instead of deploying. */
  dataDir?: string;
  /** Deploy even though the record exists (e.g. the local chain was reset). */
  replace?: boolean;
  /** Receives the whole token supply (default: the deployer). */
  tokenHolder?: Address;
  /**
   * Owner of ProtocolParams and StakeManager: 'timelock' (default, production wiring: changes
   * go through governance) or an address, e.g. the deployer on a dev chain, to change
   * parameters without a vote.
   */
  owner?: 'timelock' | Address;
  params?: Partial<ProtocolParamsValues>;
  /** QuorumTasks' parameters (owned like ProtocolParams: the timelock by default). */
  quorumParams?: Partial<QuorumParamsValues>;
  /** SamplingCoordinator's parameters (owned like ProtocolParams). */
  samplingParams?: Partial<SamplingParamsValues>;
  governance?: {
    /** Seconds between queueing and executing a passed proposal (default 1 day). */
    timelockDelay?: bigint;
    /** Blocks (default 1). */
    votingDelay?: number;
    /** Blocks (default 50_400, about a week of 12 s blocks). */
    votingPeriod?: number;
    /** Votes needed to propose (default 1_000_000 tokens, 0.1% of the supply). */
    proposalThreshold?: bigint;
    /** Percent of the supply (default 4). */
    quorumPercent?: bigint;
  };
};

export type DeployVouchReturnType = VouchDeployment & { reused: boolean };

export type DeployVouchErrorType = SendTransactionErrorType | DeploymentStaleError | ChainRpcError;

export const DEFAULT_PROTOCOL_PARAMS: Omit<ProtocolParamsValues, 'treasury'> = {
  challengeWindow: 600n,
  disputeMoveClock: 120n,
  unbondingDelay: 86_400n,
  slashTreasuryBps: 1_000,
  protocolFeeBps: 100,
  minStake: 100n * 10n ** 18n,
  challengerBond: 50n * 10n ** 18n,
};

const PROPOSER_ROLE = keccak256(toBytes('PROPOSER_ROLE'));
const CANCELLER_ROLE = keccak256(toBytes('CANCELLER_ROLE'));
const DEFAULT_ADMIN_ROLE = `0x${'00'.repeat(32)}` as const;
const NO_PREDECESSOR = `0x${'00'.repeat(32)}` as const;
const BOOTSTRAP_SALT = keccak256(toBytes('vouch.deploy.bootstrap'));

/**
 * Deploys Vouch's contracts with their constructor wiring, one after the other (so a given
 * deployer and nonce always give the same addresses): VouchToken, TimelockController,
 * VouchGovernor (the timelock's proposer and canceller, anyone may execute), ProtocolParams,
 * StakeManager, the three ERC-8004 registries, ModelRegistry, Tasks, ModelStepVerifier,
 * DisputeGame, QuorumTasks and SamplingCoordinator (both owned like ProtocolParams). Then it
 * wires them: Tasks is bound to the game and to the coordinator (its two arbiters); Tasks, the game, QuorumTasks and the coordinator may
 * lock and slash stake;
 * the StakeManager goes to its owner (the timelock by default), the timelock gets its real
 * delay, and the deployer gives up every role it held. With `dataDir`, the record is written
 * there and a later call returns it (`reused: true`) while the chain still holds it.
 */
export async function deployVouch(client: VouchClients, parameters: DeployVouchParameters = {}): Promise<DeployVouchReturnType> {
  const { dataDir, replace, tokenHolder, owner = 'timelock', params, quorumParams, samplingParams, governance, ...tx } = parameters;
  if (dataDir && !replace && existsSync(deploymentPath(dataDir, await chainIdOf(client)))) {
    return { ...(await loadDeployment(client, { dataDir })), reused: true };
  }
  const deployer = client.wallet.account.address;

  const token = await deployContract(client, { ...tx, name: 'VouchToken', abi: vouchTokenAbi, bytecode: vouchTokenBytecode, args: [tokenHolder ?? deployer] });
  // Delay 0 while the deployer bootstraps (below); the real delay is set by the timelock itself.
  const timelock = await deployContract(client, {
    ...tx,
    name: 'TimelockController',
    abi: timelockControllerAbi,
    bytecode: timelockControllerBytecode,
    // No proposer yet (the governor is next); the zero address as executor lets anyone execute a ready operation.
    args: [0n, [], [zeroAddress], deployer],
  });
  const governor = await deployContract(client, {
    ...tx,
    name: 'VouchGovernor',
    abi: vouchGovernorAbi,
    bytecode: vouchGovernorBytecode,
    args: [
      token.address,
      timelock.address,
      governance?.votingDelay ?? 1,
      governance?.votingPeriod ?? 50_400,
      governance?.proposalThreshold ?? 1_000_000n * 10n ** 18n,
      governance?.quorumPercent ?? 4n,
    ],
  });
  const ownerAddress = owner === 'timelock' ? timelock.address : owner;
  const protocolParams = await deployContract(client, {
    ...tx,
    name: 'ProtocolParams',
    abi: protocolParamsAbi,
    bytecode: protocolParamsBytecode,
    args: [ownerAddress, { ...DEFAULT_PROTOCOL_PARAMS, treasury: timelock.address, ...params }],
  });
  // Owned by the deployer until Tasks and the dispute game are authorized, then handed over.
  const stakeManager = await deployContract(client, {
    ...tx,
    name: 'StakeManager',
    abi: stakeManagerAbi,
    bytecode: stakeManagerBytecode,
    args: [deployer, token.address, protocolParams.address],
  });
  const identity = await deployContract(client, { ...tx, name: 'IdentityRegistry', abi: identityRegistryAbi, bytecode: identityRegistryBytecode, args: [] });
  const reputation = await deployContract(client, {
    ...tx,
    name: 'ReputationRegistry',
    abi: reputationRegistryAbi,
    bytecode: reputationRegistryBytecode,
    args: [identity.address],
  });
  const validation = await deployContract(client, {
    ...tx,
    name: 'ValidationRegistry',
    abi: validationRegistryAbi,
    bytecode: validationRegistryBytecode,
    args: [identity.address],
  });
  const models = await deployContract(client, { ...tx, name: 'ModelRegistry', abi: modelRegistryAbi, bytecode: modelRegistryBytecode, args: [] });
  const tasks = await deployContract(client, {
    ...tx,
    name: 'Tasks',
    abi: tasksAbi,
    bytecode: tasksBytecode,
    args: [token.address, protocolParams.address, stakeManager.address, models.address, validation.address],
  });
  const stepVerifier = await deployContract(client, { ...tx, name: 'ModelStepVerifier', abi: modelStepVerifierAbi, bytecode: modelStepVerifierBytecode, args: [] });
  const disputeGame = await deployContract(client, {
    ...tx,
    name: 'DisputeGame',
    abi: disputeGameAbi,
    bytecode: disputeGameBytecode,
    args: [tasks.address, models.address, stakeManager.address, stepVerifier.address],
  });
  // Owned like ProtocolParams from the start (Ownable's constructor sets the owner directly).
  const quorumTasks = await deployContract(client, {
    ...tx,
    name: 'QuorumTasks',
    abi: quorumTasksAbi,
    bytecode: quorumTasksBytecode,
    args: [ownerAddress, token.address, protocolParams.address, stakeManager.address, validation.address, { ...DEFAULT_QUORUM_PARAMS, ...quorumParams }],
  });
  const samplingCoordinator = await deployContract(client, {
    ...tx,
    name: 'SamplingCoordinator',
    abi: samplingCoordinatorAbi,
    bytecode: samplingCoordinatorBytecode,
    args: [ownerAddress, tasks.address, disputeGame.address, quorumTasks.address, stakeManager.address, models.address, { ...DEFAULT_SAMPLING_PARAMS, ...samplingParams }],
  });
  await writeContract(client, { ...tx, address: tasks.address, abi: tasksAbi, functionName: 'bindDisputeGame', args: [disputeGame.address] });
  // The coordinator is Tasks' second arbiter: a quorum escalation freezes and decides a float claim.
  await writeContract(client, { ...tx, address: tasks.address, abi: tasksAbi, functionName: 'bindSamplingCoordinator', args: [samplingCoordinator.address] });
  const stake = { ...tx, address: stakeManager.address, abi: stakeManagerAbi } as const;
  await writeContract(client, { ...stake, functionName: 'setGame', args: [tasks.address, true] });
  await writeContract(client, { ...stake, functionName: 'setGame', args: [disputeGame.address, true] });
  await writeContract(client, { ...stake, functionName: 'setGame', args: [quorumTasks.address, true] });
  await writeContract(client, { ...stake, functionName: 'setGame', args: [samplingCoordinator.address, true] });
  // Ownable2Step: the timelock accepts in the bootstrap below; any other new owner accepts itself.
  if (ownerAddress !== deployer) await writeContract(client, { ...stake, functionName: 'transferOwnership', args: [ownerAddress] });

  const roles = { ...tx, address: timelock.address, abi: timelockControllerAbi } as const;
  await writeContract(client, { ...roles, functionName: 'grantRole', args: [PROPOSER_ROLE, governor.address] });
  await writeContract(client, { ...roles, functionName: 'grantRole', args: [CANCELLER_ROLE, governor.address] });
  // Bootstrap, while the delay is 0: the deployer proposes once, as the timelock's admin may
  // allow, what only the timelock can do: accept the StakeManager (Ownable2Step) and set its
  // own delay. Then it gives up every role, leaving the governor the only proposer.
  const calls: { target: Address; data: `0x${string}` }[] = [];
  if (owner === 'timelock') {
    calls.push({ target: stakeManager.address, data: encodeFunctionData({ abi: stakeManagerAbi, functionName: 'acceptOwnership' }) });
  }
  calls.push({
    target: timelock.address,
    data: encodeFunctionData({ abi: timelockControllerAbi, functionName: 'updateDelay', args: [governance?.timelockDelay ?? 86_400n] }),
  });
  const batch = [calls.map((c) => c.target), calls.map(() => 0n), calls.map((c) => c.data), NO_PREDECESSOR, BOOTSTRAP_SALT] as const;
  await writeContract(client, { ...roles, functionName: 'grantRole', args: [PROPOSER_ROLE, deployer] });
  await writeContract(client, { ...roles, functionName: 'scheduleBatch', args: [...batch, 0n] });
  await writeContract(client, { ...roles, functionName: 'executeBatch', args: batch });
  await writeContract(client, { ...roles, functionName: 'renounceRole', args: [PROPOSER_ROLE, deployer] });
  const last = await writeContract(client, { ...roles, functionName: 'renounceRole', args: [DEFAULT_ADMIN_ROLE, deployer] });

  const addresses: VouchAddresses = {
    vouchToken: token.address,
    timelockController: timelock.address,
    vouchGovernor: governor.address,
    protocolParams: protocolParams.address,
    stakeManager: stakeManager.address,
    identityRegistry: identity.address,
    reputationRegistry: reputation.address,
    validationRegistry: validation.address,
    modelRegistry: models.address,
    tasks: tasks.address,
    modelStepVerifier: stepVerifier.address,
    disputeGame: disputeGame.address,
    quorumTasks: quorumTasks.address,
    samplingCoordinator: samplingCoordinator.address,
  };
  const deployment: VouchDeployment = {
    version: 2,
    chainId: await chainIdOf(client),
    addresses,
    deployer,
    fromBlock: Number(token.receipt.blockNumber),
    blockNumber: Number(last.receipt.blockNumber),
    blockHash: last.receipt.blockHash,
    deployedAt: new Date().toISOString(),
  };
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    const path = deploymentPath(dataDir, deployment.chainId);
    // Write then rename: a crash mid-write never leaves a truncated record.
    writeFileSync(`${path}.tmp`, `${JSON.stringify(deployment, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  }
  return { ...deployment, reused: false };
}

async function chainIdOf(client: VouchClients): Promise<number> {
  if (client.wallet.chain) return client.wallet.chain.id;
  try {
    return await client.public.getChainId();
  } catch (err) {
    throw toChainError(err, { rpcUrl: client.rpcUrl });
  }
}
