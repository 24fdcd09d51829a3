import { type Abi, type Address, type Hex, decodeEventLog, decodeFunctionData, type Log } from 'viem';
import { disputeGameAbi } from '../chain/abis/DisputeGame.ts';
import { identityRegistryAbi } from '../chain/abis/IdentityRegistry.ts';
import { modelRegistryAbi } from '../chain/abis/ModelRegistry.ts';
import { protocolParamsAbi } from '../chain/abis/ProtocolParams.ts';
import { quorumTasksAbi } from '../chain/abis/QuorumTasks.ts';
import { reputationRegistryAbi } from '../chain/abis/ReputationRegistry.ts';
import { samplingCoordinatorAbi } from '../chain/abis/SamplingCoordinator.ts';
import { timelockControllerAbi } from '../chain/abis/TimelockController.ts';
import { vouchGovernorAbi } from '../chain/abis/VouchGovernor.ts';
import { stakeManagerAbi } from '../chain/abis/StakeManager.ts';
import { tasksAbi } from '../chain/abis/Tasks.ts';
import { validationRegistryAbi } from '../chain/abis/ValidationRegistry.ts';
import { vouchTokenAbi } from '../chain/abis/VouchToken.ts';
import type { VouchAddresses } from '../chain/deploy/deploymentPath.ts';

/** The contracts the indexer follows, by the name their events are stored under. */
export const INDEXED_CONTRACTS = {
  tasks: tasksAbi,
  disputeGame: disputeGameAbi,
  stakeManager: stakeManagerAbi,
  identityRegistry: identityRegistryAbi,
  validationRegistry: validationRegistryAbi,
  reputationRegistry: reputationRegistryAbi,
  modelRegistry: modelRegistryAbi,
  vouchToken: vouchTokenAbi,
  protocolParams: protocolParamsAbi,
  quorumTasks: quorumTasksAbi,
  samplingCoordinator: samplingCoordinatorAbi,
} as const satisfies Partial<Record<keyof VouchAddresses, Abi>>;

export type IndexedContract = keyof typeof INDEXED_CONTRACTS;

/** Contracts whose events are not indexed but whose calls are named in the gas statistics. */
const CALLED_CONTRACTS = {
  ...INDEXED_CONTRACTS,
  timelockController: timelockControllerAbi,
  vouchGovernor: vouchGovernorAbi,
} as const satisfies Partial<Record<keyof VouchAddresses, Abi>>;

/** A decoded log as the events table stores it: bigints as decimal strings. */
export type StoredEvent = {
  block: number;
  logIndex: number;
  txHash: Hex;
  contract: IndexedContract;
  name: string;
  args: Record<string, string | number | boolean>;
};

export type ContractBook = {
  addresses: Address[];
  /** Lowercase address -> contract name. */
  byAddress: Map<string, IndexedContract>;
  /** Lowercase address -> ABI, for naming the function a transaction called. */
  called: Map<string, Abi>;
};

export function contractBook(addresses: VouchAddresses): ContractBook {
  // A record written before a contract existed lacks its address: that contract is not followed.
  const indexed = (Object.keys(INDEXED_CONTRACTS) as IndexedContract[]).filter((n) => addresses[n]);
  const byAddress = new Map<string, IndexedContract>();
  for (const name of indexed) byAddress.set(addresses[name].toLowerCase(), name);
  const called = new Map<string, Abi>();
  for (const [name, abi] of Object.entries(CALLED_CONTRACTS)) {
    const address = addresses[name as keyof VouchAddresses];
    if (address) called.set(address.toLowerCase(), abi as Abi);
  }
  return { addresses: indexed.map((n) => addresses[n]), byAddress, called };
}

/**
 * Decodes a log with the ABI of the contract that emitted it (the token's and the identity
 * registry's `Transfer` share a topic, so one merged ABI cannot tell them apart). Logs no
 * ABI knows (another contract at a reused address, an unknown event) are skipped.
 */
export function decodeLog(book: ContractBook, log: Log): StoredEvent | undefined {
  const contract = book.byAddress.get(log.address.toLowerCase());
  if (!contract || log.blockNumber === null || log.logIndex === null || log.transactionHash === null) return undefined;
  try {
    const decoded = decodeEventLog({ abi: INDEXED_CONTRACTS[contract] as Abi, data: log.data, topics: log.topics, strict: true });
    const args: StoredEvent['args'] = {};
    for (const [k, v] of Object.entries((decoded.args ?? {}) as Record<string, unknown>)) args[k] = plain(v);
    return { block: Number(log.blockNumber), logIndex: log.logIndex, txHash: log.transactionHash, contract, name: String(decoded.eventName), args };
  } catch {
    return undefined;
  }
}

function plain(v: unknown): string | number | boolean {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

/** The function a transaction called on a Vouch contract ('transfer', 'claim', 'bisect'...), or 'unknown'. */
export function functionNameOf(book: ContractBook, to: Address | null | undefined, input: Hex): string {
  if (!to) return 'deploy';
  const abi = book.called.get(to.toLowerCase());
  if (!abi) return 'unknown';
  try {
    return decodeFunctionData({ abi, data: input }).functionName;
  } catch {
    return 'unknown';
  }
}
