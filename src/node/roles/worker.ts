import { bytesToHex, encodeFunctionData, type Hex } from 'viem';
import { tasksAbi } from '../../chain/abis/Tasks.ts';
import { getTask } from '../../chain/actions/getTask.ts';
import { requestTaskValidation } from '../../chain/actions/requestTaskValidation.ts';
import { sendTransaction } from '../../chain/transactions/sendTransaction.ts';
import { tensorHash } from '../../commit/tensorHash.ts';
import { VouchError } from '../../errors.ts';
import type { InferenceHandler, InferenceResult } from '../../protocol/types.ts';
import { quantizeInput } from '../../runtime/boundary.ts';
import { int8Tensor, sizeOf } from '../../runtime/tensor.ts';
import { claimProofOf } from '../execution/claimProofOf.ts';
import { type Corruption, executeTask, inputsHashOf, traceTensors } from '../execution/executeTask.ts';
import type { ServedModel } from '../execution/loadServedModel.ts';
import { type NodeContext, chainNow } from '../context.ts';
import { sendTracked } from '../sendTracked.ts';
import { getClaim, markClaimConfirmed, markClaimSent, recordClaimIntent, recordTask, saveTrace, setTaskStatus } from '../store/index.ts';

/** A request the worker will not claim: names the task and what does not match. */
export class TaskMismatchError extends VouchError {
  override readonly name = 'TaskMismatchError';
  constructor(taskId: string, reason: string) {
    super(`Task ${taskId} cannot be claimed with this request: ${reason}.`, { details: 'Send the input the task was created with, to a worker serving its model, while the task is open.' });
  }
}

/**
 * The worker's A2A inference handler: runs the int8 model on the input and, when the request
 * names an on-chain task, checks the task (open, same model, same input commitment), stores
 * the trace (so it can defend it), claims the task and returns the claim with the result.
 */
export function workerInference(ctx: NodeContext): InferenceHandler {
  return async (request) => {
    const served = ctx.models.get(request.modelId);
    if (!served) throw new TaskMismatchError(request.chainTaskId ?? '-', `model ${request.modelId} is not served here`);
    const input = toInt8Input(served, request.input);
    const inputHash = bytesToHex(tensorHash(int8Tensor(served.model.values[served.model.inputs[0].value].shape, input)));
    const result = (execution: ReturnType<typeof executeTask>): InferenceResult => {
      const out = execution.trace[execution.trace.length - 1];
      return {
        modelId: served.modelId,
        output: { dtype: 'int8', shape: [...out.shape], data: Array.from(out.data) },
        outputHash: execution.outputHash,
        traceRoot: execution.traceRoot,
        inputHash,
      };
    };
    if (!request.chainTaskId) return result(executeTask(served.model, [input], pickCorruption(ctx, served)));

    const taskId = BigInt(request.chainTaskId);
    const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId });
    if (task.state !== 'open') throw new TaskMismatchError(request.chainTaskId, `it is ${task.state}`);
    if (task.modelId.toLowerCase() !== served.modelId.toLowerCase()) throw new TaskMismatchError(request.chainTaskId, `it is for model ${task.modelId}`);
    if (task.inputsHash !== inputsHashOf([inputHash])) throw new TaskMismatchError(request.chainTaskId, 'the input is not the one the task committed to');

    const execution = executeTask(served.model, [input], pickCorruption(ctx, served));
    if (execution.corrupted) ctx.log('cheat', { taskId, ...execution.corrupted });
    recordTask(ctx.store, { taskId, modelId: task.modelId, inputsHash: task.inputsHash, role: 'worker', claimDeadline: task.claimDeadline, requester: task.requester, fee: task.fee });
    saveTrace(ctx.store, { taskId, traceRoot: execution.traceRoot, outputHash: execution.outputHash, tensors: traceTensors(execution) });
    const claim = await claim_(ctx, taskId, execution.tensorHashes, served.model.inputs.length);
    return { ...result(execution), claim: { chainTaskId: request.chainTaskId, ...claim } };
  };
}

async function claim_(ctx: NodeContext, taskId: bigint, tensorHashes: Hex[], inputCount: number): Promise<{ txHash: Hex; blockNumber: number }> {
  const proof = claimProofOf(tensorHashes, inputCount);
  const payload = { to: ctx.addresses.tasks, data: encodeFunctionData({ abi: tasksAbi, functionName: 'claim', args: [taskId, proof] }), functionName: 'claim' };
  const me = ctx.clients.wallet.account.address;
  recordClaimIntent(ctx.store, { taskId, worker: me, outputHash: proof.outputHash, traceRoot: proof.traceRoot, payload });
  const sent = await sendTransaction(ctx.clients, { ...payload, confirmations: ctx.confirmations, onSubmitted: (submission) => markClaimSent(ctx.store, { taskId, submission }) });
  const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId });
  const blockNumber = Number(sent.receipt.blockNumber);
  markClaimConfirmed(ctx.store, { taskId, hash: sent.hash, blockNumber, windowEnd: task.windowStart + task.challengeWindow });
  ctx.log('claimed', { taskId, outputHash: proof.outputHash, traceRoot: proof.traceRoot, tx: sent.hash });
  try {
    await requestTaskValidation(ctx.clients, {
      tasks: ctx.addresses.tasks,
      validationRegistry: ctx.addresses.validationRegistry,
      taskId,
      agentId: ctx.agentId,
      requestURI: `vouch:task:${taskId}?output=${proof.outputHash}&trace=${proof.traceRoot}`,
    });
  } catch (err) {
    // The claim stands without it; only the ERC-8004 record of the outcome is missing.
    ctx.log('validation-request-failed', { taskId, error: (err as Error).message });
  }
  return { txHash: sent.hash, blockNumber };
}

/** Finalizes our claims whose challenge window has closed (the fee is then credited to us). */
export async function finalizeDue(ctx: NodeContext, taskIds: readonly bigint[]): Promise<void> {
  const now = await chainNow(ctx);
  for (const taskId of taskIds) {
    const claim = getClaim(ctx.store, taskId);
    if (!claim?.windowEnd || claim.windowEnd > now) continue;
    const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId });
    if (task.state !== 'finalizable') {
      if (task.state === 'finalized') setTaskStatus(ctx.store, taskId, 'finalized');
      continue;
    }
    const data = encodeFunctionData({ abi: tasksAbi, functionName: 'finalize', args: [taskId] });
    try {
      const r = await sendTracked(ctx, { kind: 'finalize', taskId, to: ctx.addresses.tasks, data, functionName: 'finalize' });
      setTaskStatus(ctx.store, taskId, 'finalized');
      ctx.log('finalized', { taskId, tx: r.hash });
    } catch (err) {
      ctx.log('finalize-failed', { taskId, error: (err as Error).message });
    }
  }
}

function pickCorruption(ctx: NodeContext, served: ServedModel): Corruption | undefined {
  if (ctx.cheatRate <= 0 || ctx.random() >= ctx.cheatRate) return undefined;
  const opIndex = Math.floor(ctx.random() * served.model.ops.length);
  const size = sizeOf(served.model.values[served.model.inputs.length + opIndex].shape);
  return { opIndex, elementIndex: Math.floor(ctx.random() * size) };
}

function toInt8Input(served: ServedModel, input: { dtype: 'int8' | 'float32'; shape: number[]; data: number[] }): Int8Array {
  const shape = served.model.values[served.model.inputs[0].value].shape;
  if (input.shape.join(',') !== shape.join(',')) throw new TaskMismatchError('-', `the input shape [${input.shape}] is not the model's [${shape}]`);
  return input.dtype === 'int8' ? Int8Array.from(input.data) : quantizeInput(served.model, 0, input.data);
}

