import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { type Address, keccak256, toBytes, zeroAddress } from 'viem';
import { identityRegistryAbi, identityRegistryBytecode } from '../abis/IdentityRegistry.ts';
import { protocolParamsAbi, protocolParamsBytecode } from '../abis/ProtocolParams.ts';
import { reputationRegistryAbi, reputationRegistryBytecode } from '../abis/ReputationRegistry.ts';
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

export type DeployVouchParameters = TransactionOptions & {
  /** Write the deployment record here; if a valid record for this chain is there, reuse it instead of deploying. */
  dataDir?: string;
  /** Deploy even though the record exists (e.g. the local chain was reset). */
  replace?: boolean;
  /** Receives the whole token supply (default: the deployer). */
  tokenHolder?: Address;
  /**
   * Owner of ProtocolParams and StakeManager: 'timelock' (default, production wiring: changes
   * go through governance) or an address, e.g. the deployer on a dev chain, so games can be
   * authorized directly and ownership handed to the timelock later.
   */
  owner?: 'timelock' | Address;
  params?: Partial<ProtocolParamsValues>;
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

/**
 * Deploys Vouch's contracts with their constructor wiring, one after the other (so a given
 * deployer and nonce always give the same addresses): VouchToken, TimelockController,
 * VouchGovernor (the timelock's proposer and canceller, anyone may execute), ProtocolParams and
 * StakeManager owned by the timelock, the three ERC-8004 registries; then the deployer gives up
 * the timelock's admin role. With `dataDir`, the record is written there and a later call
 * returns it (`reused: true`) while the chain still holds it.
 */
export async function deployVouch(client: VouchClients, parameters: DeployVouchParameters = {}): Promise<DeployVouchReturnType> {
  const { dataDir, replace, tokenHolder, owner = 'timelock', params, governance, ...tx } = parameters;
  if (dataDir && !replace && existsSync(deploymentPath(dataDir, await chainIdOf(client)))) {
    return { ...(await loadDeployment(client, { dataDir })), reused: true };
  }
  const deployer = client.wallet.account.address;

  const token = await deployContract(client, { ...tx, name: 'VouchToken', abi: vouchTokenAbi, bytecode: vouchTokenBytecode, args: [tokenHolder ?? deployer] });
  const timelock = await deployContract(client, {
    ...tx,
    name: 'TimelockController',
    abi: timelockControllerAbi,
    bytecode: timelockControllerBytecode,
    // No proposer yet (the governor is next); the zero address as executor lets anyone execute a ready operation.
    args: [governance?.timelockDelay ?? 86_400n, [], [zeroAddress], deployer],
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
  const stakeManager = await deployContract(client, {
    ...tx,
    name: 'StakeManager',
    abi: stakeManagerAbi,
    bytecode: stakeManagerBytecode,
    args: [ownerAddress, token.address, protocolParams.address],
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
  const roles = { ...tx, address: timelock.address, abi: timelockControllerAbi } as const;
  await writeContract(client, { ...roles, functionName: 'grantRole', args: [PROPOSER_ROLE, governor.address] });
  await writeContract(client, { ...roles, functionName: 'grantRole', args: [CANCELLER_ROLE, governor.address] });
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
  };
  const deployment: VouchDeployment = {
    version: 1,
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
