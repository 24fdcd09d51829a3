import { type Address, bytesToHex, encodeAbiParameters, type Hex, keccak256, parseEventLogs } from 'viem';
import { quorumTasksAbi } from '../../chain/abis/QuorumTasks.ts';
import { createQuorumTask } from '../../chain/actions/createQuorumTask.ts';
import { drawCommittee } from '../../chain/actions/drawCommittee.ts';
import { getQuorumTask, type GetQuorumTaskReturnType } from '../../chain/actions/getQuorumTask.ts';
import { CANONICALISATION_CODES, registerCanonicalisation } from '../../chain/actions/registerCanonicalisation.ts';
import { settleQuorumTask } from '../../chain/actions/settleQuorumTask.ts';
import type { VouchClients } from '../../chain/clients/createVouchClients.ts';
import { ContractRevertError } from '../../chain/errors.ts';
import { canonicalize } from '../../commit/canonical/canonicalize.ts';
import type { CanonicalSpec, CanonicalTensor } from '../../commit/canonical/constants.ts';
import { encodeQuorumInputs } from '../quorum/quorumInputs.ts';
import { giveFeedbackOnce } from './giveFeedbackOnce.ts';

/** QuorumTasks' canonId for (model, canonicalisation): keccak256(abi.encode(modelId, kind, decimals)), as the contract computes it. */
export function canonIdOf(modelId: Hex, spec: CanonicalSpec): Hex {
  const decimals = spec.kind === 'round' ? spec.decimals : 0;
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint8' }, { type: 'uint8' }], [modelId, CANONICALISATION_CODES[spec.kind], decimals]));
}

/** The canonId of the model's canonicalisation, declared on chain first if nobody has (it is content-addressed: declaring twice is refused, never different). */
export async function ensureCanonicalisation(clients: VouchClients, p: { quorumTasks: Address; modelId: Hex; spec: CanonicalSpec }): Promise<{ canonId: Hex; registered: boolean }> {
  const canonId = canonIdOf(p.modelId, p.spec);
  const declared = async () => (await clients.public.readContract({ address: p.quorumTasks, abi: quorumTasksAbi, functionName: 'canonOf', args: [canonId] })).modelId !== `0x${'0'.repeat(64)}`;
  if (await declared()) return { canonId, registered: false };
  try {
    await registerCanonicalisation(clients, { quorumTasks: p.quorumTasks, modelId: p.modelId, kind: p.spec.kind, decimals: p.spec.kind === 'round' ? p.spec.decimals : 0 });
    return { canonId, registered: true };
  } catch (err) {
    // Another requester declared it between our read and our send.
    if (err instanceof ContractRevertError && err.errorName === 'QuorumCanonExists') return { canonId, registered: false };
    throw err;
  }
}

export type SubmitQuorumTaskParameters = { quorumTasks: Address; canonId: Hex; inputs: readonly CanonicalTensor[]; fee: bigint; committee: number };

/** Creates a quorum task (the fee approved for QuorumTasks first) with its inputs published as `exact` bytes. */
export async function submitQuorumTask(clients: VouchClients, p: SubmitQuorumTaskParameters): Promise<{ taskId: bigint; drawBlock: bigint; createTx: Hex; gasUsed: bigint }> {
  const { inputData, inputHashes } = encodeQuorumInputs(p.inputs);
  const created = await createQuorumTask(clients, { quorumTasks: p.quorumTasks, canonId: p.canonId, inputHashes, fee: p.fee, size: p.committee, inputData });
  return { taskId: created.taskId, drawBlock: created.drawBlock, createTx: created.hash, gasUsed: created.receipt.gasUsed };
}

export type QuorumOutcome = GetQuorumTaskReturnType & {
  /** Seats slashed at settlement (deviants, non-revealers). */
  slashedSeats: bigint[];
};

/**
 * Follows a quorum task to its settlement: draws the committee as soon as the draw block is
 * mined (the members draw too, a little later), then waits for commits and reveals; once the
 * task is settleable and no member settled it within `settleGraceMs`, settles it itself.
 */
export async function waitForQuorum(
  clients: VouchClients,
  p: { quorumTasks: Address; taskId: bigint; timeoutMs?: number; intervalMs?: number; settleGraceMs?: number; /** Stops waiting (rejects with the signal's reason). */ signal?: AbortSignal },
): Promise<QuorumOutcome> {
  const until = Date.now() + (p.timeoutMs ?? 30 * 60_000);
  let settleableAt: number | undefined;
  for (;;) {
    p.signal?.throwIfAborted();
    const t = await getQuorumTask(clients, { quorumTasks: p.quorumTasks, taskId: p.taskId });
    if (t.state === 'finalized' || t.state === 'refunded') {
      const logs = await clients.public.getContractEvents({ address: p.quorumTasks, abi: quorumTasksAbi, eventName: 'MemberSlashed', args: { taskId: p.taskId }, fromBlock: 0n });
      return { ...t, slashedSeats: parseEventLogs({ abi: quorumTasksAbi, logs }).map((l) => (l.args as { seat: bigint }).seat) };
    }
    try {
      if (t.state === 'drawable') await drawCommittee(clients, { quorumTasks: p.quorumTasks, taskId: p.taskId });
      if (t.state === 'settleable') {
        settleableAt ??= Date.now();
        if (Date.now() - settleableAt >= (p.settleGraceMs ?? 5_000)) await settleQuorumTask(clients, { quorumTasks: p.quorumTasks, taskId: p.taskId });
      }
    } catch (err) {
      // A member drew or settled first.
      if (!(err instanceof ContractRevertError)) throw err;
    }
    if (Date.now() > until) throw new Error(`quorum task ${p.taskId} is still ${t.state} after ${p.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, p.intervalMs ?? 1000));
  }
}

/** Seats' ratings: 100 a member of the majority, 0 a deviant (revealed another result) or silent (never revealed) member. */
export type QuorumRating = {
  seat: number;
  member: Address;
  /** The member's ERC-8004 agent id, from its seat's linkValidation (0: not linked, not rated). */
  agentId: bigint;
  outcome: 'majority' | 'deviant' | 'silent' | 'undecided';
  /** 100 or 0; undefined when the seat is not rated (no agent id linked, or nothing decided about it). */
  value?: number;
  /** `given` now, `already` in an earlier run (found on chain), or why it was `skipped`. */
  status: 'given' | 'already' | 'skipped';
  reason?: string;
  tx?: Hex;
};

/**
 * ERC-8004 Reputation for a settled quorum task: the requester, as the committee's client, rates
 * each seat's member (tag1 `vouch:quorum`, tag2 its outcome, feedbackURI
 * `vouch:quorum:<taskId>?seat=<i>`), as a Tasks requester rates its worker. The agent id is the
 * one the member linked to its seat (`linkValidation`, QuorumTasks.validationLinkOf): a member
 * that linked none is skipped (the registry is keyed by agent id, and an address has no reverse
 * lookup). A refunded task rates only its silent seats, 0: nothing was decided about the others
 * (QuorumTasks' own validation responses follow the same rule).
 *
 * Idempotent: a rating this requester already gave for the seat (a NewFeedback with the same
 * feedbackURI, read from the chain) is not given again, so a requester that restarts after
 * settlement rates each seat once.
 */
export async function rateQuorumMembers(
  clients: VouchClients,
  p: { quorumTasks: Address; reputationRegistry: Address; taskId: bigint; outcome: Pick<QuorumOutcome, 'state' | 'result' | 'seats'> },
): Promise<QuorumRating[]> {
  if (p.outcome.state !== 'finalized' && p.outcome.state !== 'refunded') throw new Error(`quorum task ${p.taskId} is ${p.outcome.state}, not settled: nothing to rate`);
  const out: QuorumRating[] = [];
  // One after another: the feedback transactions share the requester's nonce.
  for (const [seat, s] of p.outcome.seats.entries()) {
    const revealed = s.phase === 'revealed';
    const outcome: QuorumRating['outcome'] =
      p.outcome.state === 'refunded' ? (revealed ? 'undecided' : 'silent') : !revealed ? 'silent' : s.hash === p.outcome.result ? 'majority' : 'deviant';
    const [agentId] = await clients.public.readContract({ address: p.quorumTasks, abi: quorumTasksAbi, functionName: 'validationLinkOf', args: [p.taskId, BigInt(seat)] });
    const rating: QuorumRating = { seat, member: s.member, agentId, outcome, status: 'skipped' };
    out.push(rating);
    if (outcome === 'undecided') {
      rating.reason = 'no majority: nothing was decided about a member that revealed';
      continue;
    }
    rating.value = outcome === 'majority' ? 100 : 0;
    if (agentId === 0n) {
      rating.reason = 'the member linked no ERC-8004 agent id to its seat';
      continue;
    }
    Object.assign(rating, await giveFeedbackOnce(clients, { reputationRegistry: p.reputationRegistry, agentId, value: rating.value, tag1: 'vouch:quorum', tag2: outcome, feedbackURI: quorumFeedbackUri(p.taskId, seat) }));
  }
  return out;
}

/** The feedbackURI of a quorum seat's rating: one per (task, seat), what makes rating idempotent. */
export function quorumFeedbackUri(taskId: bigint, seat: number): string {
  return `vouch:quorum:${taskId}?seat=${seat}`;
}

/**
 * For `top1` over `[1, classes]` logits: the result hash of each label, so that a quorum's result
 * can be shown as the label it stands for.
 */
export function top1LabelHashes(classes: number): Map<Hex, number> {
  const out = new Map<Hex, number>();
  for (let label = 0; label < classes; label++) {
    const data = new Float32Array(classes);
    data[label] = 1;
    out.set(bytesToHex(canonicalize({ kind: 'top1' }, { tensors: [{ dtype: 'float32', dims: [1, classes], data }] }).hash), label);
  }
  return out;
}
