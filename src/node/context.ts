import type { Hex } from 'viem';
import type { VouchClients } from '../chain/clients/createVouchClients.ts';
import type { VouchAddresses } from '../chain/deploy/deploymentPath.ts';
import type { ServedFloatModel } from './execution/floatExecution.ts';
import type { ServedModel } from './execution/loadServedModel.ts';
import type { Store } from './store/types.ts';

export type NodeRole = 'worker' | 'challenger' | 'requester' | 'quorum';

/** What a running node is made of; every role function takes it first. */
export type NodeContext = {
  roles: ReadonlySet<NodeRole>;
  clients: VouchClients;
  store: Store;
  addresses: VouchAddresses;
  agentId: bigint;
  models: ReadonlyMap<Hex, ServedModel>;
  /** Float .onnx models (lower-case id) a worker serves in sampled mode or a sampling verifier re-executes. */
  floatModels?: ReadonlyMap<Hex, ServedFloatModel>;
  /** Probability that a worker corrupts a result (demo and test mode). */
  cheatRate: number;
  /** Probability that a challenger re-executes a given claim. */
  verifyProbability: number;
  confirmations: number;
  random: () => number;
  log: (event: string, fields?: Record<string, unknown>) => void;
};

/** The chain's clock: the latest block's timestamp (deadlines and windows are judged by it). */
export async function chainNow(ctx: Pick<NodeContext, 'clients'>): Promise<number> {
  const block = await ctx.clients.public.getBlock({ blockTag: 'latest' });
  return Number(block.timestamp);
}
