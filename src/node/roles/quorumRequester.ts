import { type Address, encodeAbiParameters, type Hex, keccak256, parseEventLogs } from 'viem';
import { quorumTasksAbi } from '../../chain/abis/QuorumTasks.ts';
import { createQuorumTask } from '../../chain/actions/createQuorumTask.ts';
import { drawCommittee } from '../../chain/actions/drawCommittee.ts';
import { getQuorumTask, type GetQuorumTaskReturnType } from '../../chain/actions/getQuorumTask.ts';
import { CANONICALISATION_CODES, registerCanonicalisation } from '../../chain/actions/registerCanonicalisation.ts';
import { settleQuorumTask } from '../../chain/actions/settleQuorumTask.ts';
import type { VouchClients } from '../../chain/clients/createVouchClients.ts';
import { ContractRevertError } from '../../chain/errors.ts';
import type { CanonicalSpec, CanonicalTensor } from '../../commit/canonical/constants.ts';
import { encodeQuorumInputs } from '../quorum/quorumInputs.ts';

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
export async function waitForQuorum(clients: VouchClients, p: { quorumTasks: Address; taskId: bigint; timeoutMs?: number; intervalMs?: number; settleGraceMs?: number }): Promise<QuorumOutcome> {
  const until = Date.now() + (p.timeoutMs ?? 30 * 60_000);
  let settleableAt: number | undefined;
  for (;;) {
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
