import { bytesToHex, encodeFunctionData, type Hex, isAddressEqual, keccak256, parseEventLogs, toBytes } from 'viem';
import { tasksAbi } from '../../chain/abis/Tasks.ts';
import { validationRegistryAbi } from '../../chain/abis/ValidationRegistry.ts';
import { getTask } from '../../chain/actions/getTask.ts';
import { sendTransaction } from '../../chain/transactions/sendTransaction.ts';
import { ContractRevertError } from '../../chain/errors.ts';
import { tensorHash } from '../../commit/tensorHash.ts';
import { VouchError } from '../../errors.ts';
import type { InferenceHandler, InferenceRequest, InferenceResult } from '../../protocol/types.ts';
import { quantizeInput } from '../../runtime/boundary.ts';
import { int8Tensor, sizeOf } from '../../runtime/tensor.ts';
import { claimProofOf } from '../execution/claimProofOf.ts';
import { type ServedFloatModel, floatClaimProof, floatLie, floatTaskInputs, runFloatTask } from '../execution/floatExecution.ts';
import { type Corruption, executeTask, inputsHashOf, traceTensors } from '../execution/executeTask.ts';
import type { ServedModel } from '../execution/loadServedModel.ts';
import { type NodeContext, chainNow } from '../context.ts';
import { crashPoint } from '../crashPoint.ts';
import { inFlightTransactions } from '../inFlightTransactions.ts';
import { sendTracked } from '../sendTracked.ts';
import { requestOwnSample } from '../sampling/requestOwnSample.ts';
import { resolveOwnEscalation } from '../sampling/answerFloatSample.ts';
import { getClaim, getTx, loadTrace, markClaimConfirmed, markClaimSent, markTxFailed, recordClaimIntent, recordTask, saveTrace, setTaskStatus } from '../store/index.ts';

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
    const float = ctx.floatModels?.get(request.modelId.toLowerCase() as Hex);
    if (float) return floatInference(ctx, float, request);
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
    // Asked again (the requester lost our answer when we died, or simply retried): the claim
    // we made is the answer, from the stored trace, never a second execution or claim.
    const answered = storedAnswer(ctx, served, taskId, inputHash);
    if (answered) return answered;
    const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId });
    if (task.state !== 'open') throw new TaskMismatchError(request.chainTaskId, `it is ${task.state}`);
    if (task.modelId.toLowerCase() !== served.modelId.toLowerCase()) throw new TaskMismatchError(request.chainTaskId, `it is for model ${task.modelId}`);
    if (task.inputsHash !== inputsHashOf([inputHash])) throw new TaskMismatchError(request.chainTaskId, 'the input is not the one the task committed to');

    const execution = executeTask(served.model, [input], pickCorruption(ctx, served));
    if (execution.corrupted) ctx.log('cheat', { taskId, ...execution.corrupted });
    recordTask(ctx.store, { taskId, modelId: task.modelId, inputsHash: task.inputsHash, role: 'worker', claimDeadline: task.claimDeadline, requester: task.requester, fee: task.fee });
    saveTrace(ctx.store, { taskId, traceRoot: execution.traceRoot, outputHash: execution.outputHash, tensors: traceTensors(execution) });
    crashPoint('worker.trace-saved');
    const claim = await claim_(ctx, taskId, execution.tensorHashes, served.model.inputs.length);
    if (request.mode === 'sampled') await requestOwnSample(ctx, taskId);
    return { ...result(execution), claim: { chainTaskId: request.chainTaskId, ...claim } };
  };
}

/**
 * A float model's inference (sampled mode only): runs it with runFloat, hashes the outputs under
 * the model's canonicalisation (ModelRegistry.floatCanonOf) and, for an on-chain task, claims
 * (input hash, result hash) as a two-leaf trace, then requests the sample. A worker started
 * with --cheat-rate claims a wrong result hash at that rate.
 */
async function floatInference(ctx: NodeContext, served: ServedFloatModel, request: InferenceRequest): Promise<InferenceResult> {
  if (request.input.dtype !== 'float32') throw new TaskMismatchError(request.chainTaskId ?? '-', `model ${served.modelId} takes float32 input`);
  if (request.mode === 'optimistic') throw new TaskMismatchError(request.chainTaskId ?? '-', 'a float model is served in sampled mode only (it is never bisected)');
  const tensor = { dtype: 'float32' as const, dims: [...request.input.shape], data: Float32Array.from(request.input.data) };
  const { inputHash } = floatTaskInputs([tensor]);
  const run = await runFloatTask(served, [tensor]);
  const out = run.outputs[0];
  const result = (resultHash: Hex): InferenceResult => ({
    modelId: served.modelId,
    output: { dtype: 'float32', shape: [...out.dims], data: Array.from(out.data as Float32Array) },
    outputHash: resultHash,
    traceRoot: floatClaimProof(inputHash, resultHash).traceRoot,
    inputHash,
  });
  if (!request.chainTaskId) return result(run.resultHash);
  const taskId = BigInt(request.chainTaskId);
  const claimed = getClaim(ctx.store, taskId);
  if (claimed?.ours && claimed.status === 'confirmed' && claimed.txId !== undefined && loadTrace(ctx.store, taskId)?.tensors[0]?.hash === inputHash) {
    return { ...result(claimed.outputHash), claim: { chainTaskId: request.chainTaskId, txHash: claimed.txHash!, blockNumber: getTx(ctx.store, claimed.txId)!.blockNumber! } };
  }
  const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId });
  if (task.state !== 'open') throw new TaskMismatchError(request.chainTaskId, `it is ${task.state}`);
  if (task.modelId.toLowerCase() !== served.modelId.toLowerCase()) throw new TaskMismatchError(request.chainTaskId, `it is for model ${task.modelId}`);
  if (task.inputsHash !== inputsHashOf([inputHash])) throw new TaskMismatchError(request.chainTaskId, 'the input is not the one the task committed to');
  let resultHash = run.resultHash;
  if (ctx.cheatRate > 0 && ctx.random() < ctx.cheatRate) {
    resultHash = floatLie(run.resultHash);
    ctx.log('cheat', { taskId, float: true, honest: run.resultHash, claimed: resultHash });
  }
  recordTask(ctx.store, { taskId, modelId: task.modelId, inputsHash: task.inputsHash, role: 'worker', claimDeadline: task.claimDeadline, requester: task.requester, fee: task.fee });
  const proof = floatClaimProof(inputHash, resultHash);
  // The "trace" of a float claim: the two hashes (nothing to bisect, nothing else to keep).
  saveTrace(ctx.store, { taskId, traceRoot: proof.traceRoot, outputHash: resultHash, tensors: [inputHash, resultHash].map((hash) => ({ hash, dtype: 'float-hash', shape: [], data: new Uint8Array() })) });
  crashPoint('worker.trace-saved');
  const claim = await claim_(ctx, taskId, [inputHash, resultHash], 1);
  if (request.mode === 'sampled') await requestOwnSample(ctx, taskId);
  return { ...result(resultHash), claim: { chainTaskId: request.chainTaskId, ...claim } };
}

/** Our confirmed claim on the task, as the inference result it answered, if the request's input is the one we claimed for. */
function storedAnswer(ctx: NodeContext, served: ServedModel, taskId: bigint, inputHash: Hex): InferenceResult | undefined {
  const claim = getClaim(ctx.store, taskId);
  if (!claim?.ours || claim.status !== 'confirmed' || claim.txId === undefined) return undefined;
  const trace = loadTrace(ctx.store, taskId);
  if (!trace || trace.tensors[0]?.hash !== inputHash) return undefined;
  const out = trace.tensors[trace.tensors.length - 1];
  return {
    modelId: served.modelId,
    output: { dtype: 'int8', shape: [...out.shape], data: Array.from(new Int8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength)) },
    outputHash: trace.outputHash,
    traceRoot: trace.traceRoot,
    inputHash,
    claim: { chainTaskId: taskId.toString(), txHash: claim.txHash!, blockNumber: getTx(ctx.store, claim.txId)!.blockNumber! },
  };
}

async function claim_(ctx: NodeContext, taskId: bigint, tensorHashes: Hex[], inputCount: number): Promise<{ txHash: Hex; blockNumber: number }> {
  const proof = claimProofOf(tensorHashes, inputCount);
  const payload = { to: ctx.addresses.tasks, data: encodeFunctionData({ abi: tasksAbi, functionName: 'claim', args: [taskId, proof] }), functionName: 'claim' };
  const me = ctx.clients.wallet.account.address;
  const { tx } = recordClaimIntent(ctx.store, { taskId, worker: me, outputHash: proof.outputHash, traceRoot: proof.traceRoot, payload });
  crashPoint('claim.intent');
  const sending = inFlightTransactions(ctx);
  sending.add(tx.id);
  let sent: Awaited<ReturnType<typeof sendTransaction>>;
  try {
    sent = await sendTransaction(ctx.clients, {
      ...payload,
      confirmations: ctx.confirmations,
      onSubmitted: (submission) => {
        crashPoint('claim.broadcast');
        markClaimSent(ctx.store, { taskId, submission });
        crashPoint('claim.submitted');
      },
    });
  } catch (err) {
    // Refused in simulation or reverted once mined: the claim is free for a new intent. Anything
    // else (the RPC failed while a submission may be in flight) stays unfinished until the chain
    // settles it (settleStaleTransactions; recoverOutbox after a restart): failing it here could
    // lead to a second claim transaction.
    if (err instanceof ContractRevertError) markTxFailed(ctx.store, { txId: tx.id, error: err.message.slice(0, 500) });
    throw err;
  } finally {
    sending.delete(tx.id);
  }
  crashPoint('claim.mined');
  const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId });
  const blockNumber = Number(sent.receipt.blockNumber);
  markClaimConfirmed(ctx.store, { taskId, hash: sent.hash, blockNumber, windowEnd: task.windowStart + task.challengeWindow });
  ctx.log('claimed', { taskId, outputHash: proof.outputHash, traceRoot: proof.traceRoot, tx: sent.hash });
  crashPoint('worker.claimed');
  await requestValidation(ctx, taskId, proof);
  return { txHash: sent.hash, blockNumber };
}

/** Tasks whose validation this node is requesting now, per node context (as playDisputes' executions). */
const validating = new WeakMap<NodeContext, Set<bigint>>();

/**
 * Links the claim to our ERC-8004 identity and asks Tasks (the validator) to post the outcome
 * (docs/erc8004.md). Each of the two steps is derived from chain state (the task's validation
 * link, the registry's request), so after a restart only the missing step is sent.
 */
async function requestValidation(ctx: NodeContext, taskId: bigint, proof: { outputHash: Hex; traceRoot: Hex }): Promise<void> {
  const { tasks, validationRegistry } = ctx.addresses;
  // The claim path and the restart's recovery can reach the same task at once: the second would
  // only find the first's transaction in flight and log a failure.
  const busy = validating.get(ctx) ?? new Set<bigint>();
  validating.set(ctx, busy);
  if (busy.has(taskId)) return;
  busy.add(taskId);
  try {
    let [, requestHash] = await ctx.clients.public.readContract({ address: tasks, abi: tasksAbi, functionName: 'validationLinkOf', args: [taskId] });
    if (/^0x0+$/.test(requestHash)) {
      const salt = keccak256(toBytes(`vouch:validation:${taskId}`));
      const data = encodeFunctionData({ abi: tasksAbi, functionName: 'linkValidation', args: [taskId, ctx.agentId, salt] });
      const linked = await sendTracked(ctx, { kind: 'validation-link', taskId, to: tasks, data, functionName: 'linkValidation' });
      requestHash = parseEventLogs({ abi: tasksAbi, eventName: 'ValidationLinked', logs: linked.receipt.logs })[0].args.requestHash;
    }
    const [exists] = await ctx.clients.public.readContract({ address: validationRegistry, abi: validationRegistryAbi, functionName: 'getRequestState', args: [requestHash] });
    if (exists) return;
    const requestURI = `vouch:task:${taskId}?output=${proof.outputHash}&trace=${proof.traceRoot}`;
    const data = encodeFunctionData({ abi: validationRegistryAbi, functionName: 'validationRequest', args: [tasks, ctx.agentId, requestURI, requestHash] });
    await sendTracked(ctx, { kind: 'validation-request', taskId, to: validationRegistry, data, functionName: 'validationRequest' });
  } catch (err) {
    // The claim stands without it; only the ERC-8004 record of the outcome is missing.
    ctx.log('validation-request-failed', { taskId, error: (err as Error).message });
  } finally {
    busy.delete(taskId);
  }
}

/**
 * After a restart (the outbox reconciled first, so nothing of ours is in flight): every task we
 * took on and stored a trace for is brought to where the chain says it is. A claim the chain
 * holds but the database does not (its receipt was lost) is recorded; a claim that never left,
 * or the claim of a task whose trace was saved just before the crash, is sent now if the task
 * is still open; a confirmed claim gets its window (and its validation request) if the crash
 * came before them. The chain decides each step, so nothing is sent twice.
 */
export async function resumeClaims(ctx: NodeContext): Promise<void> {
  const me = ctx.clients.wallet.account.address;
  const ids = (ctx.store.db.prepare("SELECT t.task_id FROM tasks t JOIN traces r ON r.task_id = t.task_id WHERE t.role = 'worker' AND t.status IN ('open', 'claimed', 'disputed') ORDER BY t.task_id").all() as { task_id: string }[]).map((r) => BigInt(r.task_id));
  for (const taskId of ids) {
    try {
      const claim = getClaim(ctx.store, taskId);
      if (claim && (claim.status === 'intent' || claim.status === 'sent')) {
        ctx.log('claim-in-flight', { taskId, tx: claim.txHash });
        continue;
      }
      const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId });
      const trace = loadTrace(ctx.store, taskId)!;
      const windowEnd = task.windowStart + task.challengeWindow;
      if (claim?.status === 'confirmed') {
        if (claim.windowEnd === undefined) markClaimConfirmed(ctx.store, { taskId, hash: claim.txHash!, blockNumber: getTx(ctx.store, claim.txId!)!.blockNumber!, windowEnd });
        if (task.state === 'challengeable' || task.state === 'finalizable' || task.state === 'disputed') await requestValidation(ctx, taskId, trace);
        continue;
      }
      if (isAddressEqual(task.worker, me)) {
        await adoptClaim(ctx, taskId, trace, windowEnd);
        if (task.state === 'challengeable' || task.state === 'finalizable' || task.state === 'disputed') await requestValidation(ctx, taskId, trace);
        continue;
      }
      if (task.state !== 'open') {
        ctx.log('claim-abandoned', { taskId, state: task.state, worker: task.worker });
        continue;
      }
      const served = ctx.models.get(task.modelId);
      const float = ctx.floatModels?.has(task.modelId.toLowerCase() as Hex);
      if (!served && !float) continue;
      ctx.log('claim-resumed', { taskId });
      // A float claim's trace is (input hash, result hash): one input.
      await claim_(ctx, taskId, trace.tensors.map((t) => t.hash), served ? served.model.inputs.length : 1);
    } catch (err) {
      ctx.log('claim-resume-failed', { taskId, error: (err as Error).message.split('\n')[0] });
    }
  }
}

/** Records a claim of ours the chain holds but the database lost (a crash between broadcast and record). */
async function adoptClaim(ctx: NodeContext, taskId: bigint, trace: { outputHash: Hex; traceRoot: Hex }, windowEnd: number): Promise<void> {
  const [log] = await ctx.clients.public.getContractEvents({ address: ctx.addresses.tasks, abi: tasksAbi, eventName: 'TaskClaimed', args: { taskId }, fromBlock: 0n });
  const tx = await ctx.clients.public.getTransaction({ hash: log.transactionHash });
  const payload = { to: ctx.addresses.tasks, data: tx.input, functionName: 'claim' };
  recordClaimIntent(ctx.store, { taskId, worker: ctx.clients.wallet.account.address, outputHash: trace.outputHash, traceRoot: trace.traceRoot, payload });
  const fee = tx.maxFeePerGas ?? tx.gasPrice ?? 0n;
  markClaimSent(ctx.store, { taskId, submission: { hash: tx.hash, nonce: tx.nonce, attempt: 0, maxFeePerGas: fee, maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? fee } });
  markClaimConfirmed(ctx.store, { taskId, hash: tx.hash, blockNumber: Number(log.blockNumber), windowEnd });
  ctx.log('claim-adopted', { taskId, tx: tx.hash });
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
      if (task.state === 'rejected') setTaskStatus(ctx.store, taskId, 'rejected');
      // A float claim frozen by a quorum escalation: apply the settled quorum's verdict if nobody did.
      if (task.state === 'disputed' && ctx.floatModels?.has(task.modelId.toLowerCase() as Hex)) {
        await resolveOwnEscalation(ctx, taskId).catch((err) => ctx.log('escalation-resolve-failed', { taskId, error: (err as Error).message.split('\n')[0] }));
      }
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

