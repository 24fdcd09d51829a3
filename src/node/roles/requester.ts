import { bytesToHex, type Hex } from 'viem';
import { createTask } from '../../chain/actions/createTask.ts';
import { getTask, type GetTaskReturnType } from '../../chain/actions/getTask.ts';
import { drawSample } from '../../chain/actions/drawSample.ts';
import { getSample, type GetSampleReturnType } from '../../chain/actions/getSample.ts';
import { requestSample } from '../../chain/actions/requestSample.ts';
import { ContractRevertError } from '../../chain/errors.ts';
import type { VouchClients } from '../../chain/clients/createVouchClients.ts';
import type { VouchAddresses } from '../../chain/deploy/deploymentPath.ts';
import { tensorHash } from '../../commit/tensorHash.ts';
import { createA2AClient } from '../../protocol/createA2AClient.ts';
import { readInferenceResult } from '../../protocol/readInferenceResult.ts';
import type { EnvelopeSigner } from '../../protocol/signEnvelope.ts';
import type { InferenceResult } from '../../protocol/types.ts';
import { int8Tensor } from '../../runtime/tensor.ts';
import type { ServedModel } from '../execution/loadServedModel.ts';
import { floatTaskInputs } from '../execution/floatExecution.ts';

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
  /** 'sampled': the worker asks SamplingCoordinator to sample its claim (default 'optimistic'). */
  mode?: 'optimistic' | 'sampled';
};

export type SubmitTaskReturnType = { taskId: bigint; result: InferenceResult; createTx: Hex; /** The worker's ERC-8004 agent id, from its card. */ workerAgentId: bigint };

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
    mode: p.mode ?? 'optimistic',
    chainTaskId: created.taskId.toString(),
  });
  return { taskId: created.taskId, result: readInferenceResult(task), createTx: created.hash, workerAgentId: (await client.card()).vouch.agentId };
}

export type SubmitFloatTaskParameters = Omit<SubmitTaskParameters, 'model' | 'input' | 'mode'> & {
  /** floatModelId of the .onnx file (registered with registerFloat). */
  modelId: Hex;
  /** The model's input tensor (float32). */
  input: { dims: number[]; data: Float32Array };
};

/**
 * A float model's task (sampled mode): the input committed as a quorum task's is (one hash of its
 * `exact` canonical bytes, the bytes published with the task), so that an escalation quorum names
 * the very same inputs; sent to a worker in mode 'sampled'.
 */
export async function submitFloatTask(clients: VouchClients, p: SubmitFloatTaskParameters & { signer: EnvelopeSigner }): Promise<SubmitTaskReturnType> {
  const { inputData, inputHash } = floatTaskInputs([{ dtype: 'float32', dims: p.input.dims, data: p.input.data }]);
  const now = (await clients.public.getBlock({ blockTag: 'latest' })).timestamp;
  const created = await createTask(clients, {
    tasks: p.addresses.tasks,
    modelId: p.modelId,
    inputHashes: [inputHash],
    fee: p.fee,
    claimDeadline: now + BigInt(p.claimSeconds ?? 600),
    inputData,
  });
  const client = createA2AClient(p.workerUrl, { account: p.signer, domain: { chainId: p.chainId, verifyingContract: p.addresses.tasks } });
  const task = await client.sendInference({
    modelId: p.modelId,
    input: { dtype: 'float32', shape: [...p.input.dims], data: Array.from(p.input.data) },
    mode: 'sampled',
    chainTaskId: created.taskId.toString(),
  });
  return { taskId: created.taskId, result: readInferenceResult(task), createTx: created.hash, workerAgentId: (await client.card()).vouch.agentId };
}

/** Polls the task until it is final, rejected or cancelled (chain state), or the timeout passes. */
export async function waitForSettlement(
  clients: VouchClients,
  p: { tasks: Hex; taskId: bigint; timeoutMs?: number; intervalMs?: number; /** Stops waiting (rejects with the signal's reason). */ signal?: AbortSignal },
): Promise<GetTaskReturnType> {
  const until = Date.now() + (p.timeoutMs ?? 30 * 60_000);
  for (;;) {
    p.signal?.throwIfAborted();
    const t = await getTask(clients, { tasks: p.tasks, taskId: p.taskId });
    if (t.state === 'finalized' || t.state === 'rejected' || t.state === 'cancelled') return t;
    if (Date.now() > until) throw new Error(`task ${p.taskId} is still ${t.state} after ${p.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, p.intervalMs ?? 1000));
  }
}

/**
 * A sampled-mode task after its claim: requests the sample if the worker did not, then draws it
 * as soon as its draw block is mined (verifiers draw too, a little later). Returns the sample
 * once the coin is flipped (notSampled, unassigned, or assigned to a verifier).
 */
export async function driveSample(clients: VouchClients, p: { samplingCoordinator: Hex; taskId: bigint; timeoutMs?: number; intervalMs?: number }): Promise<GetSampleReturnType> {
  const until = Date.now() + (p.timeoutMs ?? 5 * 60_000);
  for (let asked = false; ; ) {
    const s = await getSample(clients, { samplingCoordinator: p.samplingCoordinator, taskId: p.taskId });
    if (s.status !== 'none' && s.status !== 'requested') return s;
    try {
      if (s.status === 'none' && !asked) {
        asked = true;
        await requestSample(clients, { samplingCoordinator: p.samplingCoordinator, taskId: p.taskId });
      } else if (s.status === 'requested' && (await clients.public.getBlockNumber({ cacheTime: 0 })) > s.drawBlock) {
        await drawSample(clients, { samplingCoordinator: p.samplingCoordinator, taskId: p.taskId });
      }
    } catch (err) {
      // The worker requested, or a verifier drew, first.
      if (!(err instanceof ContractRevertError)) throw err;
    }
    if (Date.now() > until) throw new Error(`the sample of task ${p.taskId} is still ${s.status} after ${p.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, p.intervalMs ?? 500));
  }
}
