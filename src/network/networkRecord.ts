import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Hex } from 'viem';
import { NetworkConfigError } from './networkConfig.ts';

/** `quorum-liar`: a quorum member that commits wrong results on some of its seats (caught and slashed), as a cheater is a worker. */
export type AgentKind = 'worker' | 'cheater' | 'challenger' | 'quorum' | 'quorum-liar';

/** One agent the launcher runs: its key and port stay the same across restarts (its ERC-8004 registration names its URL). */
export type AgentRecord = { name: string; kind: AgentKind; key: Hex; port: number; funded: boolean };

/**
 * `<dataDir>/network.json`: what a second start needs to resume rather than start over.
 * The keys are dev keys of a demo network, stored in the clear like anvil's own.
 */
export type NetworkRecord = {
  version: 1;
  /** The chain the agents were funded on (a different chain means a different network). */
  chainId?: number;
  agents: AgentRecord[];
  requester?: { key: Hex; funded: boolean };
  /** Workload: the next MNIST test digit to submit (its index in the fixed test split), and tasks submitted so far. */
  workload: WorkloadPosition;
  /** The last tasks' digits: true label and the label the worker answered (the chain holds only hashes). Tasks ids (optimistic and sampled tasks). */
  labels?: Record<string, { label: number; predicted: number; digit: number; mode?: 'optimistic' | 'sampled' }>;
  /** The same for quorum tasks, by QuorumTasks id (its own id space): `predicted` once the committee's majority is known. */
  quorumLabels?: Record<string, { label: number; digit: number; predicted?: number; state?: 'finalized' | 'refunded' }>;
};

/**
 * Where the workload is: the next MNIST test digit (its index in the fixed test split), tasks
 * submitted so far (every mode), and the tasks it has not rated yet: quorum tasks (their members)
 * and Tasks tasks (their worker). A resumed workload follows them to settlement and rates them.
 */
export type WorkloadPosition = { nextDigit: number; submitted: number; pendingQuorum?: string[]; pendingRatings?: PendingRating[] };

/** A Tasks task (optimistic or sampled) whose worker the workload rates once it settles. */
export type PendingRating = { taskId: string; mode: 'optimistic' | 'sampled' };

/** How many tasks' labels the record keeps. */
export const KEPT_LABELS = 500;

export function networkRecordPath(dataDir: string): string {
  return join(dataDir, 'network.json');
}

export function loadNetworkRecord(dataDir: string): NetworkRecord {
  const path = networkRecordPath(dataDir);
  if (!existsSync(path)) return { version: 1, agents: [], workload: { nextDigit: 0, submitted: 0 } };
  const record = JSON.parse(readFileSync(path, 'utf8')) as NetworkRecord;
  if (record.version !== 1) throw new NetworkConfigError(`${path} has version ${String(record.version)}; this launcher reads version 1`);
  return record;
}

/** Written atomically (temp file + rename): a crash never leaves half a record. */
export function saveNetworkRecord(dataDir: string, record: NetworkRecord): void {
  const path = networkRecordPath(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}
