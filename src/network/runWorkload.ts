import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { vouchTokenAbi } from '../chain/abis/VouchToken.ts';
import { approveToken } from '../chain/actions/approveToken.ts';
import type { VouchClients } from '../chain/clients/createVouchClients.ts';
import type { VouchAddresses } from '../chain/deploy/deploymentPath.ts';
import { mnistSplit } from '../data/mnist.ts';
import type { ServedModel } from '../node/execution/loadServedModel.ts';
import { submitTask } from '../node/roles/requester.ts';
import { quantizeInput } from '../runtime/boundary.ts';

export type WorkloadEvent =
  | { kind: 'task-submitted'; taskId: string; digit: number; label: number; predicted: number; worker: string; n: number }
  | { kind: 'task-failed'; digit: number; worker: string; error: string };

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
 * next worker over A2A. Digits cycle through the fixed test split; the position survives
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
  // skipped for a while, as a requester would; when every worker is failing, all are tried.
  const failedAt = new Map<string, number>();
  const submitOne = async () => {
    const all = p.workers();
    if (all.length === 0) return;
    const healthy = all.filter((w) => Date.now() - (failedAt.get(w) ?? -Infinity) > WORKER_BACKOFF_MS);
    const workers = healthy.length > 0 ? healthy : all;
    const digit = nextDigit % digits.length;
    nextDigit++;
    const worker = workers[turn++ % workers.length];
    const sample = digits[digit];
    try {
      const r = await submitTask(p.clients, {
        addresses: p.addresses,
        chainId: p.chainId,
        model: p.model,
        input: quantizeInput(p.model.model, 0, sample.image),
        fee: p.fee,
        workerUrl: worker,
        signer,
      });
      submitted++;
      p.onEvent?.({ kind: 'task-submitted', taskId: r.taskId.toString(), digit, label: sample.label, predicted: argmax(r.result.output.data), worker, n: submitted });
      p.onProgress?.({ nextDigit, submitted });
    } catch (err) {
      failedAt.set(worker, Date.now());
      p.onProgress?.({ nextDigit, submitted });
      p.onEvent?.({ kind: 'task-failed', digit, worker, error: (err as Error).message.split('\n')[0] });
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
