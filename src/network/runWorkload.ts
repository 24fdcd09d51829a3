import { bytesToHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { vouchTokenAbi } from '../chain/abis/VouchToken.ts';
import { approveToken } from '../chain/actions/approveToken.ts';
import { floatModelId } from '../commit/floatModelId.ts';
import { driveSample, waitForSettlement } from '../node/roles/requester.ts';
import { rateTaskWorker } from '../node/roles/rateTaskWorker.ts';
import { ensureCanonicalisation, rateQuorumMembers, submitQuorumTask, top1LabelHashes, waitForQuorum } from '../node/roles/quorumRequester.ts';
import type { FloatModel, HostTensor } from '../runtime/float/types.ts';
import { type WorkloadMix, type WorkloadMode, workloadModeOf } from './networkConfig.ts';
import type { PendingRating, WorkloadPosition } from './networkRecord.ts';
import type { VouchClients } from '../chain/clients/createVouchClients.ts';
import type { VouchAddresses } from '../chain/deploy/deploymentPath.ts';
import { mnistSplit } from '../data/mnist.ts';
import type { ServedModel } from '../node/execution/loadServedModel.ts';
import { createTask } from '../chain/actions/createTask.ts';
import { tensorHash } from '../commit/tensorHash.ts';
import { createA2AClient } from '../protocol/createA2AClient.ts';
import { readInferenceResult } from '../protocol/readInferenceResult.ts';
import { quantizeInput } from '../runtime/boundary.ts';
import { int8Tensor } from '../runtime/tensor.ts';

/**
 * What the workload reports. Optimistic and sampled tasks are Tasks tasks (`task-submitted`, with
 * `mode`); quorum tasks live in QuorumTasks' own id space, so they have events of their own.
 */
export type WorkloadEvent =
  | { kind: 'task-submitted'; taskId: string; digit: number; label: number; predicted: number; worker: string; n: number; mode: 'optimistic' | 'sampled' }
  | { kind: 'task-failed'; digit: number; worker: string; error: string; attempts?: { worker: string; error: string }[]; mode?: WorkloadMode }
  /** A sampled task's coin: `notSampled`, or `assigned` to `verifier` (or `unassigned`: no eligible verifier). */
  | { kind: 'sample-drawn'; taskId: string; status: string; verifier?: string }
  | { kind: 'quorum-task-submitted'; quorumTaskId: string; digit: number; label: number; committee: number; n: number }
  /** `predicted`: the label the majority's top1 result stands for (finalized only). */
  | { kind: 'quorum-task-settled'; quorumTaskId: string; state: 'finalized' | 'refunded'; digit?: number; label?: number; predicted?: number; members: string[]; slashedSeats: number[] }
  /** The requester's ERC-8004 ratings of the committee (100 majority, 0 deviant or silent; tag vouch:quorum). */
  | { kind: 'quorum-rated'; quorumTaskId: string; ratings: { seat: number; agentId: string; value?: number; outcome: string; status: string }[] }
  | { kind: 'quorum-error'; quorumTaskId: string; error: string }
  /** The requester's ERC-8004 rating of a settled Tasks task's worker (100 final, 0 rejected; tag vouch:<mode>). */
  | { kind: 'task-rated'; taskId: string; mode: 'optimistic' | 'sampled'; state: 'finalized' | 'rejected'; agentId: string; value: number; status: string; reason?: string }
  | { kind: 'rating-error'; taskId: string; error: string };

/** The quorum side of the workload: QuorumTasks, the float model members run, committee size. */
export type QuorumWorkload = { model: FloatModel; committee: number };

const WORKER_BACKOFF_MS = 60_000;

export type RunWorkloadParameters = {
  clients: VouchClients;
  requesterKey: Hex;
  addresses: VouchAddresses;
  chainId: number;
  model: ServedModel;
  /** A2A base URLs; tasks go round robin. */
  workers: () => readonly string[];
  /** Tasks per minute. */
  rate: number;
  fee: bigint;
  /** The MNIST test digit to start from (resume), how many tasks were submitted before, and the quorum tasks still to follow and rate. */
  nextDigit: number;
  submitted: number;
  pendingQuorum?: readonly string[];
  /** Tasks tasks submitted before whose worker is not rated yet. */
  pendingRatings?: readonly PendingRating[];
  /** How tasks are spread over the modes (default: all optimistic). */
  mix?: WorkloadMix;
  /** Needed when the mix has quorum tasks. */
  quorum?: QuorumWorkload;
  /** Called after each submission (and each quorum task rated) with the position to resume from. */
  onProgress?: (next: WorkloadPosition) => void;
  onEvent?: (e: WorkloadEvent) => void;
  /** At most this many tasks in flight (created, not yet claimed); default 4. */
  maxInFlight?: number;
};

export type Workload = { stop(): Promise<void> };

/**
 * The requester of the demo network: every 60/rate seconds it takes the next real MNIST test
 * digit and makes it a task of the mode the mix says (workloadModeOf: the modes interleave).
 * Optimistic and sampled: a Tasks task (fee escrowed, input published) sent to the next worker
 * over A2A (as the requester role's submitTask does, plus failover to the next worker); a
 * sampled task's sample is then drawn as `task submit --mode sampled` does. Quorum: a
 * QuorumTasks task on the float model (its canonicalisation, top1, declared once), followed to
 * settlement in the background; its committee is then rated in the ERC-8004 Reputation
 * registry. Digits cycle through the fixed test split; the position and the quorum tasks not yet
 * rated survive restarts through `onProgress`.
 */
export async function runWorkload(p: RunWorkloadParameters): Promise<Workload> {
  const digits = mnistSplit('test');
  const signer = privateKeyToAccount(p.requesterKey);
  const me = signer.address;
  // One large allowance instead of an approve per task.
  const allowance = await p.clients.public.readContract({ address: p.addresses.vouchToken, abi: vouchTokenAbi, functionName: 'allowance', args: [me, p.addresses.tasks] });
  if (allowance < p.fee * 1000n) await approveToken(p.clients, { token: p.addresses.vouchToken, spender: p.addresses.tasks, amount: p.fee * 1_000_000n });

  let nextDigit = p.nextDigit;
  let submitted = p.submitted;
  let turn = 0;
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = p.maxInFlight ?? 4;
  const mix = p.mix ?? { optimistic: 1, sampled: 0, quorum: 0 };
  // Follow-ups that outlive a submission (a sample's draw, a quorum task's settlement): stopped
  // with the workload; a quorum task left pending is picked up again by the next run.
  const followUps = new Set<Promise<void>>();
  const abort = new AbortController();
  const pendingQuorum = new Set(p.pendingQuorum ?? []);
  const pendingRatings = new Map((p.pendingRatings ?? []).map((r) => [r.taskId, r]));
  const position = (): WorkloadPosition => ({
    nextDigit,
    submitted,
    ...(pendingQuorum.size > 0 ? { pendingQuorum: [...pendingQuorum] } : {}),
    ...(pendingRatings.size > 0 ? { pendingRatings: [...pendingRatings.values()] } : {}),
  });
  const follow = (job: Promise<void>) => {
    const tracked = job.finally(() => followUps.delete(tracked));
    followUps.add(tracked);
  };
  /** A follow-up whose failure is reported, unless it failed because the workload stopped under it. */
  const followOrReport = (job: () => Promise<void>, report: (error: string) => void) =>
    follow(
      job().catch((err: unknown) => {
        if (!abort.signal.aborted) report((err as Error).message.split('\n')[0]);
      }),
    );
  const quorum = mix.quorum > 0 || pendingQuorum.size > 0 ? await prepareQuorum(p) : undefined;
  const followQuorum = (taskId: bigint, digit?: number, label?: number) =>
    followOrReport(
      async () => {
        const outcome = await waitForQuorum(p.clients, { quorumTasks: p.addresses.quorumTasks, taskId, signal: abort.signal, intervalMs: 1000 });
        const predicted = outcome.state === 'finalized' ? quorum!.labelOf.get(outcome.result) : undefined;
        p.onEvent?.({
          kind: 'quorum-task-settled',
          quorumTaskId: taskId.toString(),
          state: outcome.state as 'finalized' | 'refunded',
          ...(digit !== undefined ? { digit, label } : {}),
          ...(predicted !== undefined ? { predicted } : {}),
          members: outcome.seats.map((s) => s.member),
          slashedSeats: outcome.slashedSeats.map(Number),
        });
        const ratings = await rateQuorumMembers(p.clients, { quorumTasks: p.addresses.quorumTasks, reputationRegistry: p.addresses.reputationRegistry, taskId, outcome });
        p.onEvent?.({ kind: 'quorum-rated', quorumTaskId: taskId.toString(), ratings: ratings.map((r) => ({ seat: r.seat, agentId: r.agentId.toString(), value: r.value, outcome: r.outcome, status: r.status })) });
        pendingQuorum.delete(taskId.toString());
        p.onProgress?.(position());
      },
      (error) => p.onEvent?.({ kind: 'quorum-error', quorumTaskId: taskId.toString(), error }),
    );
  for (const id of pendingQuorum) followQuorum(BigInt(id));

  // A Tasks task's worker is rated once the task settles (ERC-8004 Reputation, as `task submit --wait` does).
  const followRating = (pending: PendingRating, endpoint?: string) =>
    followOrReport(
      async () => {
        const taskId = BigInt(pending.taskId);
        // A rating is not urgent: one read every 5 s per pending task, not every second.
        const settled = await waitForSettlement(p.clients, { tasks: p.addresses.tasks, taskId, signal: abort.signal, intervalMs: 5_000 });
        if (settled.state === 'finalized' || settled.state === 'rejected') {
          const r = await rateTaskWorker(p.clients, { tasks: p.addresses.tasks, reputationRegistry: p.addresses.reputationRegistry, taskId, state: settled.state, mode: pending.mode, endpoint });
          p.onEvent?.({ kind: 'task-rated', taskId: pending.taskId, mode: pending.mode, state: settled.state, agentId: r.agentId.toString(), value: r.value, status: r.status, ...(r.reason ? { reason: r.reason } : {}) });
        }
        pendingRatings.delete(pending.taskId);
        p.onProgress?.(position());
      },
      (error) => p.onEvent?.({ kind: 'rating-error', taskId: pending.taskId, error }),
    );
  for (const pending of pendingRatings.values()) followRating(pending);

  // A worker that refused or failed a task (e.g. a cheater whose stake was slashed away) is
  // skipped for a while, as a requester would, and the task goes to the next one: it stays
  // open on chain until some worker claims it.
  const failedAt = new Map<string, number>();
  const shape = p.model.model.values[p.model.model.inputs[0].value].shape;
  const domain = { chainId: p.chainId, verifyingContract: p.addresses.tasks };
  const submitQuorumOne = async (digit: number) => {
    const sample = digits[digit];
    try {
      const created = await submitQuorumTask(p.clients, { quorumTasks: p.addresses.quorumTasks, canonId: quorum!.canonId, inputs: [quorum!.input(sample.image)], fee: p.fee, committee: quorum!.committee });
      submitted++;
      pendingQuorum.add(created.taskId.toString());
      p.onEvent?.({ kind: 'quorum-task-submitted', quorumTaskId: created.taskId.toString(), digit, label: sample.label, committee: quorum!.committee, n: submitted });
      p.onProgress?.(position());
      followQuorum(created.taskId, digit, sample.label);
    } catch (err) {
      p.onProgress?.(position());
      p.onEvent?.({ kind: 'task-failed', digit, worker: '', error: (err as Error).message.split('\n')[0], mode: 'quorum' });
    }
  };

  const submitOne = async () => {
    const mode = workloadModeOf(mix, nextDigit);
    if (mode === 'quorum') {
      const digit = nextDigit % digits.length;
      nextDigit++;
      return submitQuorumOne(digit);
    }
    const all = p.workers();
    if (all.length === 0) return;
    const digit = nextDigit % digits.length;
    nextDigit++;
    const sample = digits[digit];
    const first = turn++;
    const rotated = all.map((_, i) => all[(first + i) % all.length]);
    const healthy = rotated.filter((w) => Date.now() - (failedAt.get(w) ?? -Infinity) > WORKER_BACKOFF_MS);
    const order = [...healthy, ...rotated.filter((w) => !healthy.includes(w))];
    let worker = order[0];
    const attempts: { worker: string; error: string }[] = [];
    try {
      const input = quantizeInput(p.model.model, 0, sample.image);
      const now = (await p.clients.public.getBlock({ blockTag: 'latest' })).timestamp;
      const created = await createTask(p.clients, {
        tasks: p.addresses.tasks,
        modelId: p.model.modelId,
        inputHashes: [bytesToHex(tensorHash(int8Tensor(shape, input)))],
        fee: p.fee,
        claimDeadline: now + 600n,
        inputData: bytesToHex(new Uint8Array(input.buffer, input.byteOffset, input.length)),
      });
      let lastError: unknown;
      for (worker of order) {
        try {
          const task = await createA2AClient(worker, { account: signer, domain }).sendInference({
            modelId: p.model.modelId,
            input: { dtype: 'int8', shape: [...shape], data: Array.from(input) },
            mode,
            chainTaskId: created.taskId.toString(),
          });
          if (task.status.state !== 'TASK_STATE_COMPLETED') {
            const why = task.status.message?.parts.map((part) => ('text' in part ? part.text : '')).join(' ');
            throw new Error(`${task.status.state}${why ? `: ${why}` : ''}`);
          }
          const result = readInferenceResult(task);
          submitted++;
          const pending: PendingRating = { taskId: created.taskId.toString(), mode };
          pendingRatings.set(pending.taskId, pending);
          p.onEvent?.({ kind: 'task-submitted', taskId: created.taskId.toString(), digit, label: sample.label, predicted: argmax(result.output.data), worker, n: submitted, mode });
          p.onProgress?.(position());
          followRating(pending, worker);
          // The worker requests the sample right after its claim; the requester draws it as soon
          // as its block is mined (and requests it if the worker did not).
          if (mode === 'sampled') {
            follow(
              driveSample(p.clients, { samplingCoordinator: p.addresses.samplingCoordinator, taskId: created.taskId, timeoutMs: 120_000 }).then(
                (s) => p.onEvent?.({ kind: 'sample-drawn', taskId: created.taskId.toString(), status: s.status, ...(s.status === 'assigned' ? { verifier: s.verifier } : {}) }),
                (err: unknown) => p.onEvent?.({ kind: 'task-failed', digit, worker, error: `sample: ${(err as Error).message.split('\n')[0]}`, mode }),
              ),
            );
          }
          return;
        } catch (err) {
          failedAt.set(worker, Date.now());
          attempts.push({ worker, error: (err as Error).message.split('\n')[0] });
          lastError = err;
        }
      }
      throw lastError;
    } catch (err) {
      p.onProgress?.(position());
      p.onEvent?.({ kind: 'task-failed', digit, worker, error: (err as Error).message.split('\n')[0], ...(attempts.length > 1 ? { attempts } : {}), mode });
    }
  };

  const intervalMs = p.rate > 0 ? 60_000 / p.rate : Infinity;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped || !Number.isFinite(intervalMs)) return;
    timer = setTimeout(() => {
      if (inFlight.size < maxInFlight) {
        const job = submitOne().finally(() => inFlight.delete(job));
        inFlight.add(job);
      }
      schedule();
    }, intervalMs);
  };
  // The first task right away, so a fresh network shows one within seconds.
  if (Number.isFinite(intervalMs)) {
    const first = submitOne().finally(() => inFlight.delete(first));
    inFlight.add(first);
  }
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
      // A quorum task can take its commit and reveal windows to settle: it is not waited for
      // (it stays in the position's pendingQuorum and the next run follows it).
      abort.abort(new Error('workload stopped'));
      await Promise.allSettled([...followUps]);
    },
  };
}

type PreparedQuorum = {
  canonId: Hex;
  committee: number;
  /** An MNIST image as the float model's first input (a symbolic batch dim is 1). */
  input(image: Float32Array): HostTensor;
  /** top1 result hash -> label. */
  labelOf: Map<Hex, number>;
};

/** Declares the float model's canonicalisation (top1) if nobody has, and approves QuorumTasks for the fees once. */
async function prepareQuorum(p: RunWorkloadParameters): Promise<PreparedQuorum> {
  if (!p.quorum) throw new Error('the workload mix has quorum tasks but no quorum model was given');
  const { model, committee } = p.quorum;
  const { quorumTasks, vouchToken } = p.addresses;
  const { canonId } = await ensureCanonicalisation(p.clients, { quorumTasks, modelId: bytesToHex(floatModelId(model.bytes)), spec: { kind: 'top1' } });
  const me = p.clients.wallet.account.address;
  const allowance = await p.clients.public.readContract({ address: vouchToken, abi: vouchTokenAbi, functionName: 'allowance', args: [me, quorumTasks] });
  if (allowance < p.fee * 1000n) await approveToken(p.clients, { token: vouchToken, spender: quorumTasks, amount: p.fee * 1_000_000n });
  const dims = (model.inputs[0].shape ?? [1, 784]).map((d) => (typeof d === 'number' ? d : 1));
  const classes = model.outputs[0]?.shape?.at(-1);
  return {
    canonId,
    committee,
    input: (image) => ({ dtype: 'float32', dims, data: image }),
    labelOf: typeof classes === 'number' ? top1LabelHashes(classes) : new Map(),
  };
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
