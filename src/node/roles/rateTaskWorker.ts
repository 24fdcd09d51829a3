import type { Address, Hex } from 'viem';
import { tasksAbi } from '../../chain/abis/Tasks.ts';
import type { VouchClients } from '../../chain/clients/createVouchClients.ts';
import { giveFeedbackOnce } from './giveFeedbackOnce.ts';

/** A Tasks task's rating: 100 for a result that became final, 0 for one proven wrong. */
export type TaskRating = {
  taskId: bigint;
  /** The worker's ERC-8004 agent id (0: unknown, not rated). */
  agentId: bigint;
  value: number;
  /** `given` now, `already` in an earlier run (found on chain), or why it was `skipped`. */
  status: 'given' | 'already' | 'skipped';
  reason?: string;
  tx?: Hex;
};

export type RateTaskWorkerParameters = {
  tasks: Address;
  reputationRegistry: Address;
  taskId: bigint;
  state: 'finalized' | 'rejected';
  /** How the requester had the result verified: the rating's tag1 is `vouch:<mode>`. */
  mode: 'optimistic' | 'sampled';
  /** The worker's agent id when the requester knows it (from its A2A card); else the one the worker linked to the task (Tasks.validationLinkOf). */
  agentId?: bigint;
  /** The worker's A2A URL, when known. */
  endpoint?: string;
};

/**
 * ERC-8004 Reputation for a settled Tasks task: the requester, as the worker's client, rates the
 * result (tag1 `vouch:<mode>`, tag2 `final` or `rejected`, feedbackURI `vouch:task:<id>`), once
 * per task (giveFeedbackOnce).
 */
export async function rateTaskWorker(clients: VouchClients, p: RateTaskWorkerParameters): Promise<TaskRating> {
  const value = p.state === 'finalized' ? 100 : 0;
  const agentId = p.agentId ?? (await clients.public.readContract({ address: p.tasks, abi: tasksAbi, functionName: 'validationLinkOf', args: [p.taskId] }))[0];
  const rating: TaskRating = { taskId: p.taskId, agentId, value, status: 'skipped' };
  if (agentId === 0n) {
    rating.reason = 'the worker linked no ERC-8004 agent id to the task';
    return rating;
  }
  const given = await giveFeedbackOnce(clients, {
    reputationRegistry: p.reputationRegistry,
    agentId,
    value,
    tag1: `vouch:${p.mode}`,
    tag2: p.state === 'finalized' ? 'final' : 'rejected',
    endpoint: p.endpoint,
    feedbackURI: taskFeedbackUri(p.taskId),
  });
  return { ...rating, ...given };
}

/** The feedbackURI of a Tasks task's rating: one per task, what makes rating idempotent. */
export function taskFeedbackUri(taskId: bigint): string {
  return `vouch:task:${taskId}`;
}
