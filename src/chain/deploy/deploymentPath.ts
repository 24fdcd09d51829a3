import { join } from 'node:path';
import type { Address, Hex } from 'viem';

/** Where each Vouch contract lives on one chain. */
export type VouchAddresses = {
  vouchToken: Address;
  timelockController: Address;
  vouchGovernor: Address;
  protocolParams: Address;
  stakeManager: Address;
  identityRegistry: Address;
  reputationRegistry: Address;
  validationRegistry: Address;
  modelRegistry: Address;
  tasks: Address;
  modelStepVerifier: Address;
  disputeGame: Address;
  /** Quorum mode (docs/quorum.md). */
  quorumTasks: Address;
  /** Sampled mode around Tasks' claims (docs/quorum.md). */
  samplingCoordinator: Address;
};

/** The deployment record: what deployVouch wrote, what loadDeployment checks against the chain. */
export type VouchDeployment = {
  version: 2;
  chainId: number;
  addresses: VouchAddresses;
  deployer: Address;
  /** Block of the first deployment transaction (scan events from here). */
  fromBlock: number;
  /** Block (number and hash) of the last deployment transaction: a reset or deep reorg changes its hash. */
  blockNumber: number;
  blockHash: Hex;
  deployedAt: string;
};

/** Path of the deployment record of `chainId` in `dataDir` (one file per chain). */
export function deploymentPath(dataDir: string, chainId: number): string {
  return join(dataDir, `deployment.${chainId}.json`);
}
