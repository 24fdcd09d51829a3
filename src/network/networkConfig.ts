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
  /** Honest quorum committee members (`vouch agent start --role quorum`) running `quorumModel`. */
  quorumMembers: number;
  /** Quorum members that commit a wrong result on `quorumLieRate` of their seats (they collude: every liar commits the same wrong hash). */
  quorumLiars: number;
  quorumLieRate: number;
  /** The float ONNX model quorum members run and quorum tasks name. */
  quorumModel: string;
  /** Seats per quorum task (odd). */
  committee: number;
  /** Deployed by the launcher: SamplingCoordinator's sampling probability p of a new deployment. */
  samplingRate: number;
  /** How the workload's tasks are spread over the modes: `optimistic=2,sampled=1,quorum=1` (relative weights; a mode left out gets none). */
  mix: string;
};

/** The workload's three verification modes. */
export const WORKLOAD_MODES = ['optimistic', 'sampled', 'quorum'] as const;
export type WorkloadMode = (typeof WORKLOAD_MODES)[number];
export type WorkloadMix = Record<WorkloadMode, number>;

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
  quorumMembers: 3,
  quorumLiars: 1,
  quorumLieRate: 0.3,
  quorumModel: new URL('../../models/mnist-cnn.onnx', import.meta.url).pathname,
  committee: 3,
  samplingRate: 0.5,
  mix: 'optimistic=2,sampled=1,quorum=1',
};

/** A config file or flag that cannot be used: the message names it. */
export class NetworkConfigError extends VouchError {
  override readonly name = 'NetworkConfigError';
}

const NUMBER_KEYS = ['workers', 'cheaters', 'cheatRate', 'challengers', 'verifyProbability', 'port', 'rate', 'blockTime', 'challengeWindow', 'moveClock', 'pollMs', 'quorumMembers', 'quorumLiars', 'quorumLieRate', 'committee', 'samplingRate'] as const;
const STRING_KEYS = ['dataDir', 'rpcUrl', 'key', 'host', 'fee', 'model', 'quorumModel', 'mix'] as const;

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
  int('quorumMembers', 0);
  int('quorumLiars', 0);
  int('committee', 1);
  if (c.committee % 2 === 0) throw new NetworkConfigError(`committee must be odd (got ${c.committee})`);
  const mix = parseWorkloadMix(c.mix);
  if ((mix.optimistic > 0 || mix.sampled > 0) && c.workers + c.cheaters + c.workerUrls.length < 1) throw new NetworkConfigError('the network needs at least one worker (workers + cheaters >= 1, or a worker URL)');
  if (mix.quorum > 0 && c.quorumMembers + c.quorumLiars < c.committee) {
    throw new NetworkConfigError(`quorum tasks need at least ${c.committee} quorum members (quorumMembers + quorumLiars = ${c.quorumMembers + c.quorumLiars}); add members or leave quorum out of mix`);
  }
  for (const k of ['cheatRate', 'verifyProbability', 'quorumLieRate', 'samplingRate'] as const) if (!(c[k] >= 0 && c[k] <= 1)) throw new NetworkConfigError(`${k} must be between 0 and 1 (got ${c[k]})`);
  if (!(c.rate >= 0)) throw new NetworkConfigError(`rate must be >= 0 tasks per minute (got ${c.rate})`);
  if (!(c.blockTime > 0)) throw new NetworkConfigError(`blockTime must be > 0 seconds (got ${c.blockTime})`);
  if (c.rpcUrl && !c.key) throw new NetworkConfigError('an external chain (rpcUrl) needs a key to deploy and fund the agents');
  return c;
}

/**
 * Reads a workload mix, `optimistic=2,sampled=1,quorum=1`: relative weights (non-negative
 * numbers) of each mode; a mode left out gets no tasks. At least one weight must be positive.
 */
export function parseWorkloadMix(text: string): WorkloadMix {
  const mix: WorkloadMix = { optimistic: 0, sampled: 0, quorum: 0 };
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [mode, weight = '1'] = part.split('=').map((s) => s.trim());
    if (!(WORKLOAD_MODES as readonly string[]).includes(mode)) throw new NetworkConfigError(`mix: unknown mode "${mode}" (known: ${WORKLOAD_MODES.join(', ')})`);
    const w = Number(weight);
    if (!(Number.isFinite(w) && w >= 0)) throw new NetworkConfigError(`mix: the weight of ${mode} must be a number >= 0 (got "${weight}")`);
    mix[mode as WorkloadMode] = w;
  }
  if (WORKLOAD_MODES.every((m) => mix[m] === 0)) throw new NetworkConfigError(`mix "${text}" gives no mode a weight (e.g. optimistic=2,sampled=1,quorum=1)`);
  return mix;
}

/**
 * The mode of the workload's n-th task: smooth weighted round robin over the mix (the modes
 * interleave: 2:1:1 gives optimistic, sampled, quorum, optimistic, ...), a pure function of n
 * so that a resumed workload continues the same sequence.
 */
export function workloadModeOf(mix: WorkloadMix, n: number): WorkloadMode {
  const total = WORKLOAD_MODES.reduce((a, m) => a + mix[m], 0);
  const current: WorkloadMix = { optimistic: 0, sampled: 0, quorum: 0 };
  const period = n % cyclePeriod(mix);
  let chosen: WorkloadMode = 'optimistic';
  for (let i = 0; i <= period; i++) {
    for (const m of WORKLOAD_MODES) current[m] += mix[m];
    chosen = WORKLOAD_MODES.reduce((best, m) => (current[m] > current[best] ? m : best), WORKLOAD_MODES.find((m) => mix[m] > 0)!);
    current[chosen] -= total;
  }
  return chosen;
}

/** Smooth weighted round robin repeats after sum(weights) steps for integer weights; other weights get a long cycle. */
function cyclePeriod(mix: WorkloadMix): number {
  const weights = WORKLOAD_MODES.map((m) => mix[m]);
  return weights.every(Number.isInteger) ? Math.max(1, weights.reduce((a, b) => a + b, 0)) : 1_000;
}
