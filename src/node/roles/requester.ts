import { bytesToHex, type Hex } from 'viem';
import { createTask } from '../../chain/actions/createTask.ts';
import { getTask, type GetTaskReturnType } from '../../chain/actions/getTask.ts';
import type { VouchClients } from '../../chain/clients/createVouchClients.ts';
import type { VouchAddresses } from '../../chain/deploy/deploymentPath.ts';
import { tensorHash } from '../../commit/tensorHash.ts';
import { createA2AClient } from '../../protocol/createA2AClient.ts';
import { readInferenceResult } from '../../protocol/readInferenceResult.ts';
import type { EnvelopeSigner } from '../../protocol/signEnvelope.ts';
import type { InferenceResult } from '../../protocol/types.ts';
import { int8Tensor } from '../../runtime/tensor.ts';
import type { ServedModel } from '../execution/loadServedModel.ts';

export type SubmitTaskParameters = {
  addresses: VouchAddresses;
  chainId: number;
  model: ServedModel;
  input: Int8Array;
  fee: bigint;
  /** Seconds from now (chain time) the task stays claimable. */
  claimSeconds?: number;
  /** A2A base URL of the worker to send it to. */
  workerUrl: string;
};

export type SubmitTaskReturnType = { taskId: bigint; result: InferenceResult; createTx: Hex };

/**
 * A requester's task (the fee must be approved for Tasks first): escrow the fee and publish the input on chain (Tasks.createTask), then
 * send the input to a worker over A2A naming the task; the worker answers with its result
 * and its on-chain claim. Finality comes later (waitForSettlement).
 */
export async function submitTask(clients: VouchClients, p: SubmitTaskParameters & { signer: EnvelopeSigner }): Promise<SubmitTaskReturnType> {
  const shape = p.model.model.values[p.model.model.inputs[0].value].shape;
  const inputHash = bytesToHex(tensorHash(int8Tensor(shape, p.input)));
  const now = (await clients.public.getBlock({ blockTag: 'latest' })).timestamp;
  const created = await createTask(clients, {
    tasks: p.addresses.tasks,
    modelId: p.model.modelId,
    inputHashes: [inputHash],
    fee: p.fee,
    claimDeadline: now + BigInt(p.claimSeconds ?? 600),
    inputData: bytesToHex(new Uint8Array(p.input.buffer, p.input.byteOffset, p.input.length)),
  });
  const client = createA2AClient(p.workerUrl, { account: p.signer, domain: { chainId: p.chainId, verifyingContract: p.addresses.tasks } });
  const task = await client.sendInference({
    modelId: p.model.modelId,
    input: { dtype: 'int8', shape: [...shape], data: Array.from(p.input) },
    mode: 'optimistic',
    chainTaskId: created.taskId.toString(),
  });
  return { taskId: created.taskId, result: readInferenceResult(task), createTx: created.hash };
}

/** Polls the task until it is final, rejected or cancelled (chain state), or the timeout passes. */
export async function waitForSettlement(clients: VouchClients, p: { tasks: Hex; taskId: bigint; timeoutMs?: number; intervalMs?: number }): Promise<GetTaskReturnType> {
  const until = Date.now() + (p.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const t = await getTask(clients, { tasks: p.tasks, taskId: p.taskId });
    if (t.state === 'finalized' || t.state === 'rejected' || t.state === 'cancelled') return t;
    if (Date.now() > until) throw new Error(`task ${p.taskId} is still ${t.state} after ${p.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, p.intervalMs ?? 1000));
  }
}
