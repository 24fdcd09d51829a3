import { bytesToHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { vouchTokenAbi } from '../chain/abis/VouchToken.ts';
import { approveToken } from '../chain/actions/approveToken.ts';
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

export type WorkloadEvent =
  | { kind: 'task-submitted'; taskId: string; digit: number; label: number; predicted: number; worker: string; n: number }
  | { kind: 'task-failed'; digit: number; worker: string; error: string; attempts?: { worker: string; error: string }[] };

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
  /** The MNIST test digit to start from (resume) and how many tasks were submitted before. */
  nextDigit: number;
  submitted: number;
  /** Called after each submission with the position to resume from. */
  onProgress?: (next: { nextDigit: number; submitted: number }) => void;
  onEvent?: (e: WorkloadEvent) => void;
  /** At most this many tasks in flight (created, not yet claimed); default 4. */
  maxInFlight?: number;
};

export type Workload = { stop(): Promise<void> };

/**
 * The requester of the demo network: every 60/rate seconds it takes the next real MNIST test
 * digit, creates a task for it on chain (fee escrowed, input published) and sends it to the
 * next worker over A2A (as the requester role's submitTask does, plus failover to the next
 * worker). Digits cycle through the fixed test split; the position survives
 * restarts through `onProgress`.
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

  // A worker that refused or failed a task (e.g. a cheater whose stake was slashed away) is
  // skipped for a while, as a requester would, and the task goes to the next one: it stays
  // open on chain until some worker claims it.
  const failedAt = new Map<string, number>();
  const shape = p.model.model.values[p.model.model.inputs[0].value].shape;
  const domain = { chainId: p.chainId, verifyingContract: p.addresses.tasks };
  const submitOne = async () => {
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
            mode: 'optimistic',
            chainTaskId: created.taskId.toString(),
          });
          if (task.status.state !== 'TASK_STATE_COMPLETED') {
            const why = task.status.message?.parts.map((part) => ('text' in part ? part.text : '')).join(' ');
            throw new Error(`${task.status.state}${why ? `: ${why}` : ''}`);
          }
          const result = readInferenceResult(task);
          submitted++;
          p.onEvent?.({ kind: 'task-submitted', taskId: created.taskId.toString(), digit, label: sample.label, predicted: argmax(result.output.data), worker, n: submitted });
          p.onProgress?.({ nextDigit, submitted });
          return;
        } catch (err) {
          failedAt.set(worker, Date.now());
          attempts.push({ worker, error: (err as Error).message.split('\n')[0] });
          lastError = err;
        }
      }
      throw lastError;
    } catch (err) {
      p.onProgress?.({ nextDigit, submitted });
      p.onEvent?.({ kind: 'task-failed', digit, worker, error: (err as Error).message.split('\n')[0], ...(attempts.length > 1 ? { attempts } : {}) });
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
    },
  };
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
