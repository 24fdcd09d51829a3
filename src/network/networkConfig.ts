import { readFileSync } from 'node:fs';
import { VouchError } from '../errors.ts';

/** Everything `vouch network up` can be told; a --config file holds the same keys (camelCase). */
export type NetworkConfig = {
  /** Where the chain state, deployment record, agents' databases and keys live. */
  dataDir: string;
  /** Honest workers. */
  workers: number;
  /** Workers that corrupt `cheatRate` of their results (they are caught and slashed). */
  cheaters: number;
  cheatRate: number;
  challengers: number;
  /** Challengers re-execute each claim with this probability. */
  verifyProbability: number;
  /** An external chain instead of the embedded anvil (needs `key`, which pays for deployment and funding). */
  rpcUrl?: string;
  key?: `0x${string}`;
  /** Dashboard and API. */
  host: string;
  port: number;
  /** Tasks the workload submits per minute (0: no workload). */
  rate: number;
  /** Fee per task, in tokens. */
  fee: string;
  /** Embedded chain: seconds per block. */
  blockTime: number;
  /** Deployed by the launcher: challenge window and dispute move clock, seconds (contract minimums: 60 and 30). */
  challengeWindow: number;
  moveClock: number;
  /** The model the workers serve and the workload asks for. */
  model: string;
  /** How often agents read the chain, ms. */
  pollMs: number;
  /** Workers this launcher does not run (other machines): the workload sends them tasks too. */
  workerUrls: string[];
};

export const DEFAULT_NETWORK_CONFIG: NetworkConfig = {
  dataDir: '.vouch-data',
  workers: 2,
  cheaters: 1,
  cheatRate: 0.3,
  challengers: 1,
  verifyProbability: 1,
  host: '127.0.0.1',
  port: 7070,
  rate: 12,
  fee: '1',
  blockTime: 1,
  challengeWindow: 60,
  moveClock: 30,
  model: new URL('../../models/mnist-cnn.vouch', import.meta.url).pathname,
  pollMs: 500,
  workerUrls: [],
};

/** A config file or flag that cannot be used: the message names it. */
export class NetworkConfigError extends VouchError {
  override readonly name = 'NetworkConfigError';
}

const NUMBER_KEYS = ['workers', 'cheaters', 'cheatRate', 'challengers', 'verifyProbability', 'port', 'rate', 'blockTime', 'challengeWindow', 'moveClock', 'pollMs'] as const;
const STRING_KEYS = ['dataDir', 'rpcUrl', 'key', 'host', 'fee', 'model'] as const;

/** Reads a JSON config file (`{ "workers": 3, "rate": 30, ... }`); unknown keys are refused. */
export function readNetworkConfigFile(path: string): Partial<NetworkConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new NetworkConfigError(`cannot read config file ${path}: ${(cause as Error).message}`, { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new NetworkConfigError(`config file ${path} must hold a JSON object`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if ((NUMBER_KEYS as readonly string[]).includes(k)) {
      if (typeof v !== 'number') throw new NetworkConfigError(`config file ${path}: "${k}" must be a number`);
      out[k] = v;
    } else if ((STRING_KEYS as readonly string[]).includes(k)) {
      if (typeof v !== 'string') throw new NetworkConfigError(`config file ${path}: "${k}" must be a string`);
      out[k] = v;
    } else if (k === 'workerUrls') {
      if (!Array.isArray(v) || v.some((u) => typeof u !== 'string')) throw new NetworkConfigError(`config file ${path}: "workerUrls" must be an array of URLs`);
      out[k] = v;
    } else {
      throw new NetworkConfigError(`config file ${path}: unknown key "${k}" (known: ${[...NUMBER_KEYS, ...STRING_KEYS, 'workerUrls'].join(', ')})`);
    }
  }
  return out as Partial<NetworkConfig>;
}

/** Checks ranges once, before anything starts. */
export function checkNetworkConfig(c: NetworkConfig): NetworkConfig {
  const int = (k: keyof NetworkConfig, min: number) => {
    const v = c[k] as number;
    if (!Number.isInteger(v) || v < min) throw new NetworkConfigError(`${k} must be an integer >= ${min} (got ${v})`);
  };
  int('workers', 0);
  int('cheaters', 0);
  int('challengers', 0);
  int('port', 0);
  int('challengeWindow', 60);
  int('moveClock', 30);
  if (c.workers + c.cheaters + c.workerUrls.length < 1) throw new NetworkConfigError('the network needs at least one worker (workers + cheaters >= 1, or a worker URL)');
  for (const k of ['cheatRate', 'verifyProbability'] as const) if (!(c[k] >= 0 && c[k] <= 1)) throw new NetworkConfigError(`${k} must be between 0 and 1 (got ${c[k]})`);
  if (!(c.rate >= 0)) throw new NetworkConfigError(`rate must be >= 0 tasks per minute (got ${c.rate})`);
  if (!(c.blockTime > 0)) throw new NetworkConfigError(`blockTime must be > 0 seconds (got ${c.blockTime})`);
  if (c.rpcUrl && !c.key) throw new NetworkConfigError('an external chain (rpcUrl) needs a key to deploy and fund the agents');
  return c;
}
