import { type Hex, parseEther } from 'viem';
import { approveToken } from '../../chain/actions/approveToken.ts';
import { createVouchClients } from '../../chain/clients/createVouchClients.ts';
import { loadDeployment } from '../../chain/deploy/loadDeployment.ts';
import type { CanonicalSpec } from '../../commit/canonical/constants.ts';
import { parseCanonicalSpec } from '../../commit/canonical/parseCanonicalSpec.ts';
import { floatModelId } from '../../commit/floatModelId.ts';
import { mnistSplit } from '../../data/mnist.ts';
import { ensureCanonicalisation, rateQuorumMembers, submitQuorumTask, top1LabelHashes, waitForQuorum } from '../../node/roles/quorumRequester.ts';
import { loadFloatModel } from '../../runtime/float/loadFloatModel.ts';
import type { FloatModel, HostTensor } from '../../runtime/float/types.ts';
import { bytesToHex } from 'viem';
import { progress } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import { readSample } from '../tensor-files.ts';

/** `vouch task submit --mode quorum`: quorum tasks on a float ONNX model (docs/node.md "Quorum"). */
export async function submitQuorum(values: Record<string, unknown>): Promise<void> {
  const path = values.model as string;
  if (!path.endsWith('.onnx')) throw new UsageError('--mode quorum takes a float .onnx model (--model models/mnist-cnn.onnx)');
  const committee = values.committee === undefined ? 3 : Number(values.committee);
  if (!Number.isInteger(committee) || committee < 1 || committee % 2 === 0) throw new UsageError('--committee must be an odd positive integer');
  let spec: CanonicalSpec;
  try {
    spec = parseCanonicalSpec((values.canonical as string | undefined) ?? 'top1');
  } catch (err) {
    throw new UsageError(`--canonical: ${(err as Error).message}`);
  }
  if (spec.kind === 'text') throw new UsageError('--canonical text is for text results; an ONNX model returns tensors');
  const model = await loadFloatModel(path);
  const modelId = bytesToHex(floatModelId(model.bytes));
  const inputs: HostTensor[] = [];
  for (const file of (values.input as string[] | undefined) ?? []) inputs.push(imageTensor(model, Float32Array.from(readSample(file)[0])));
  if (values.mnist !== undefined) {
    const n = Number(values.mnist);
    if (!Number.isInteger(n) || n < 1) throw new UsageError('--mnist must be a positive integer');
    for (const s of mnistSplit('test').slice(0, n)) inputs.push(imageTensor(model, s.image));
  }
  if (inputs.length === 0) throw new UsageError('give --input or --mnist');

  const clients = createVouchClients({ rpcUrl: values.rpc as string, privateKey: values.key as Hex });
  const deployment = await loadDeployment(clients, { dataDir: values['deployment-dir'] as string });
  const { quorumTasks, vouchToken, reputationRegistry } = deployment.addresses;
  const fee = parseEther((values.fee as string | undefined) ?? '1');
  const { canonId, registered } = await ensureCanonicalisation(clients, { quorumTasks, modelId, spec });
  if (registered) process.stderr.write(`declared canonicalisation ${formatSpec(spec)} for model ${modelId}: canonId ${canonId}\n`);
  await approveToken(clients, { token: vouchToken, spender: quorumTasks, amount: fee * BigInt(inputs.length) });
  const labels = labelHashes(model, spec);
  // Ratings of concurrent tasks one after another: each is a few transactions from the same account.
  const ratings_ = serial();
  const json = values.json === true;
  const show = progress('quorum tasks');
  let done = 0;
  const rows = await Promise.all(
    inputs.map(async (input, index) => {
      const created = await submitQuorumTask(clients, { quorumTasks, canonId, inputs: [input], fee, committee });
      const outcome = values.wait ? await waitForQuorum(clients, { quorumTasks, taskId: created.taskId }) : undefined;
      // ERC-8004 Reputation: the requester rates each member (100 majority, 0 deviant or silent).
      const ratings = outcome
        ? await ratings_.run(() => rateQuorumMembers(clients, { quorumTasks, reputationRegistry, taskId: created.taskId, outcome })).catch((err: Error) => {
            process.stderr.write(`quorum task ${created.taskId}: members not rated: ${err.message.split('\n')[0]}\n`);
            return undefined;
          })
        : undefined;
      show(++done, inputs.length);
      const row = {
        taskId: created.taskId.toString(),
        input: index,
        mode: 'quorum',
        committee,
        state: outcome?.state ?? 'created',
        result: outcome?.state === 'finalized' ? outcome.result : undefined,
        label: outcome?.state === 'finalized' ? labels.get(outcome.result) : undefined,
        members: outcome?.seats.map((s) => s.member),
        revealed: outcome?.revealed,
        slashedSeats: outcome?.slashedSeats.map(Number),
        createTx: created.createTx,
        createGas: created.gasUsed.toString(),
        ratings: ratings?.map((r) => ({ seat: r.seat, agentId: r.agentId.toString(), outcome: r.outcome, value: r.value, status: r.status, ...(r.reason ? { reason: r.reason } : {}) })),
      };
      if (json) process.stdout.write(`${JSON.stringify(row)}\n`);
      else process.stdout.write(`quorum task ${row.taskId}: ${row.state}${row.label !== undefined ? `, label ${row.label}` : ''}${row.slashedSeats?.length ? `, seats ${row.slashedSeats.join(', ')} slashed` : ''}\n`);
      return row;
    }),
  );
  if (values.wait && rows.some((r) => r.state !== 'finalized' && r.state !== 'refunded')) process.exitCode = 1;
}

/** An image as the model's first input: float32 with the declared shape (a symbolic batch dim is 1). */
function imageTensor(model: FloatModel, image: Float32Array): HostTensor {
  const declared = model.inputs[0].shape ?? [1, image.length];
  const dims = declared.map((d) => (typeof d === 'number' ? d : 1));
  if (dims.reduce((a, b) => a * b, 1) !== image.length) throw new UsageError(`the input has ${image.length} values, the model's input ${model.inputs[0].name} takes [${declared}]`);
  return { dtype: 'float32', dims, data: image };
}

/** For top1 over [1, C] logits: the result hash of each label, so the outcome can be shown as a label. */
function labelHashes(model: FloatModel, spec: CanonicalSpec): Map<Hex, number> {
  const shape = model.outputs[0]?.shape;
  const classes = shape?.at(-1);
  if (spec.kind !== 'top1' || typeof classes !== 'number' || shape!.length !== 2) return new Map();
  return top1LabelHashes(classes);
}

/** Runs the jobs given to it one at a time, in order. */
function serial(): { run<T>(job: () => Promise<T>): Promise<T> } {
  let last: Promise<unknown> = Promise.resolve();
  return {
    run<T>(job: () => Promise<T>) {
      const next = last.then(job, job);
      last = next.catch(() => {});
      return next;
    },
  };
}

function formatSpec(spec: CanonicalSpec): string {
  return spec.kind === 'round' ? `round:${spec.decimals}` : spec.kind;
}
